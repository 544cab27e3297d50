namespace HumanzCni.Testbed;

/// <summary>A pod of a <see cref="ClusterNode"/>: its namespace, the address ADD gave it, and the container id to DEL it by.</summary>
public sealed record ClusterPod(ClusterNode Node, TestNamespace Pod, string Address, string ContainerId);
