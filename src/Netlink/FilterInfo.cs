namespace HumanzCni.Netlink;

/// <summary>What RTM_GETTFILTER reports about one filter entry (as `tc filter show` lists them).</summary>
/// <param name="LinkIndex">tcm_ifindex.</param>
/// <param name="Parent">The qdisc the filter hangs off, e.g. <see cref="TcHandle.IngressQdisc"/>.</param>
/// <param name="Priority">The filter's priority ("pref").</param>
/// <param name="Protocol">The ethertype it applies to, host byte order (3 = all).</param>
/// <param name="Kind">TCA_KIND, e.g. "u32".</param>
/// <param name="RedirectIndex">
/// The ifindex a `mirred egress redirect` action of this entry sends packets to; null when it has none
/// (u32 also lists its hash tables as entries without actions).
/// </param>
public sealed record FilterInfo(int LinkIndex, uint Parent, ushort Priority, ushort Protocol, string Kind, int? RedirectIndex);
