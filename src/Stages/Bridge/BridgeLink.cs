using HumanzCni.Netlink;

namespace HumanzCni.Stages.Bridge;

/// <summary>The node bridge as the bridge stage left it: up and holding the gateway addresses.</summary>
internal sealed record BridgeLink(LinkInfo Link);
