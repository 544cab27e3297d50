namespace HumanzCni.Netlink;

/// <summary>What RTM_GETQDISC reports about one qdisc (the fields `tc qdisc show` prints that the plugin needs).</summary>
/// <param name="LinkIndex">tcm_ifindex.</param>
/// <param name="Handle">tcm_handle, e.g. 0x10000 for "1:" (see <see cref="TcHandle"/>).</param>
/// <param name="Parent">tcm_parent: <see cref="TcHandle.Root"/>, <see cref="TcHandle.Ingress"/> or a class.</param>
/// <param name="Kind">TCA_KIND, e.g. "tbf", "ingress", "noqueue".</param>
/// <param name="Tbf">
/// For kind "tbf": its settings. The kernel does not report the burst in bytes; it is derived from the
/// buffer ticks as `tc` derives it, so it may differ from what was configured by a few bytes.
/// </param>
public sealed record QdiscInfo(int LinkIndex, uint Handle, uint Parent, string Kind, TbfParameters? Tbf);
