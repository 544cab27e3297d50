namespace HumanzCni.Testbed;

/// <summary>
/// A pod of a <see cref="ClusterNode"/>: its namespace, the address ADD gave it (the IPv4 one on a dual-stack node,
/// with <see cref="Address6"/> the IPv6 one; null on a single-family node), and the container id to DEL it by.
/// </summary>
public sealed record ClusterPod(ClusterNode Node, TestNamespace Pod, string Address, string ContainerId, string? Address6 = null);
