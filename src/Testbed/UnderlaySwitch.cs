using System.Net;
using System.Net.Sockets;

namespace HumanzCni.Testbed;

/// <summary>
/// One L2 segment of a <see cref="TestCluster"/>'s underlay: a bridge in a namespace of its own, to which
/// <see cref="Attach"/> wires other namespaces (nodes, etcd, the router) through veths.
/// </summary>
internal sealed class UnderlaySwitch : IDisposable
{
    private const string Bridge = "sw0";

    private int _ports;

    /// <param name="name">The namespace's prefix, e.g. hzc-sw or hzc-sw1.</param>
    public UnderlaySwitch(string name)
    {
        Namespace = TestNamespace.Create(name);
        try
        {
            Namespace.Run(netlink =>
            {
                netlink.AddBridge(Bridge, mtu: 0);
                netlink.SetUp(netlink.GetLink(Bridge)!.Index);
            });
        }
        catch
        {
            Namespace.Dispose();
            throw;
        }
    }

    public TestNamespace Namespace { get; }

    /// <summary>
    /// A veth from the switch into <paramref name="ns"/>, named <paramref name="interfaceName"/> there, with the given
    /// addresses (IPv6 without duplicate address detection, so usable at once), both ends up, and lo up.
    /// </summary>
    /// <returns>The switch's end of the veth (its port), for <see cref="SetPortUp"/>.</returns>
    public string Attach(TestNamespace ns, string interfaceName, params IReadOnlyList<(IPAddress Address, int PrefixLength)> addresses)
    {
        var port = $"p{++_ports}";
        Namespace.Run(netlink =>
        {
            netlink.AddVethPair(port, interfaceName, ns.Handle, mtu: 0);
            var index = netlink.GetLink(port)!.Index;
            netlink.SetMaster(index, netlink.GetLink(Bridge)!.Index);
            netlink.SetUp(index);
        });
        ns.Run(netlink =>
        {
            var link = netlink.GetLink(interfaceName)!.Index;
            foreach (var (address, prefixLength) in addresses)
            {
                netlink.AddAddress(link, address, prefixLength, noDad: address.AddressFamily == AddressFamily.InterNetworkV6);
            }

            netlink.SetUp(link);
            netlink.SetUp(netlink.GetLink("lo")!.Index);
        });
        return port;
    }

    /// <summary>
    /// Takes a port down (the host's end loses its carrier, as with a pulled cable: its addresses and routes stay,
    /// nothing passes) or brings it back up.
    /// </summary>
    public void SetPortUp(string port, bool up) => Namespace.Run(netlink =>
    {
        var index = netlink.GetLink(port)!.Index;
        if (up)
        {
            netlink.SetUp(index);
        }
        else
        {
            netlink.SetDown(index);
        }
    });

    public void Dispose() => Namespace.Dispose();
}
