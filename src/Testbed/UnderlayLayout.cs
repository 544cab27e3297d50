namespace HumanzCni.Testbed;

/// <summary>How a <see cref="TestCluster"/>'s nodes reach each other.</summary>
public enum UnderlayLayout
{
    /// <summary>Every node on one switch, one IPv4 /24 and one IPv6 /64: nodes are each other's on-link neighbours (host-gw works).</summary>
    OneSegment,

    /// <summary>
    /// Two switches, 200.0.0.0/24 + fd00:200::/64 and 200.0.1.0/24 + fd00:200:1::/64, joined by a router namespace
    /// that forwards between them and knows no pod subnet. Odd nodes sit on the first, even nodes on the second;
    /// nodes of different segments reach each other only through the router, so a route to a peer's pods via
    /// the peer's address is refused (the gateway is not on-link) and only an overlay (VXLAN) connects their pods.
    /// </summary>
    Routed,
}
