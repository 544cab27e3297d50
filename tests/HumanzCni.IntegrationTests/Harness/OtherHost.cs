namespace HumanzCni.IntegrationTests.Harness;

/// <summary>
/// "Another host" on the node's underlay: a namespace joined to the node by a veth pair, node 200.0.0.1/24
/// and host 200.0.0.2/24, each end created inside its own namespace so no link name is global. The host
/// routes the node's pod subnet via the node, so it can answer pods whose source was not masqueraded.
/// </summary>
public sealed class OtherHost : IDisposable
{
    public const string NodeAddress = "200.0.0.1";
    public const string HostAddress = "200.0.0.2";

    public OtherHost(TestNode node, string podSubnet = "100.100.1.0/24")
    {
        Namespace = TestNamespace.Create("hzt-host");
        try
        {
            node.Namespace.Ip("link", "add", "underlay0", "type", "veth", "peer", "name", "underlay1", "netns", Namespace.Name);
            node.Namespace.Ip("addr", "add", $"{NodeAddress}/24", "dev", "underlay0");
            node.Namespace.Ip("link", "set", "underlay0", "up");
            node.Namespace.Ip("link", "set", "lo", "up");
            Namespace.Ip("addr", "add", $"{HostAddress}/24", "dev", "underlay1");
            Namespace.Ip("link", "set", "underlay1", "up");
            Namespace.Ip("link", "set", "lo", "up");
            Namespace.Ip("route", "add", podSubnet, "via", NodeAddress);
        }
        catch
        {
            Namespace.Dispose();
            throw;
        }
    }

    public TestNamespace Namespace { get; }

    public string Name => Namespace.Name;

    public void Dispose() => Namespace.Dispose();
}
