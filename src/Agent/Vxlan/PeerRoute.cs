using HumanzCni.Netlink;

namespace HumanzCni.Agent.Vxlan;

/// <summary>The route a peer's subnet should have, and the peer's name for the log.</summary>
internal sealed record PeerRoute(RouteInfo Route, string Node);
