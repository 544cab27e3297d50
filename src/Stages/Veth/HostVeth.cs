using HumanzCni.Netlink;

namespace HumanzCni.Stages.Veth;

/// <summary>The node-side end of the pod's veth pair, attached to the bridge.</summary>
internal sealed record HostVeth(LinkInfo Link);
