using System.Net;
using System.Net.NetworkInformation;
using HumanzCni.Native;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

/// <summary>Permanent neighbours and FDB entries on a VXLAN device, as the VXLAN backend programs them per peer.</summary>
public sealed class RtNetlinkNeighbourTests : IDisposable
{
    private static readonly PhysicalAddress PeerMac = PhysicalAddress.Parse("0a-68-c8-00-00-1e");
    private static readonly PhysicalAddress OtherMac = PhysicalAddress.Parse("0a-68-c8-00-00-28");

    private readonly VxlanUnderlay _underlay = new();
    private readonly int _index;

    public RtNetlinkNeighbourTests() => _index = _underlay.AddDevice();

    private TestNamespace Ns => _underlay.Namespace;

    public void Dispose() => _underlay.Dispose();

    [Theory]
    [InlineData("10.244.2.0")]
    [InlineData("fd00:244:2::")]
    public void Neighbour_AddReplaceListDelete(string text)
    {
        var address = IPAddress.Parse(text);

        var (added, duplicate) = Ns.Run(netlink =>
        {
            netlink.AddNeighbour(_index, address, PeerMac);
            return (netlink.ListNeighbours(_index), Assert.Throws<NetlinkException>(() => netlink.AddNeighbour(_index, address, PeerMac)));
        });

        Assert.Equal(new NeighbourInfo(_index, address, PeerMac, NeighbourState.Permanent), Assert.Single(added, n => n.Address.Equals(address)));
        Assert.Equal(Errno.EEXIST, duplicate.Errno);
        AssertShown(address, "0a:68:c8:00:00:1e");

        var replaced = Ns.Run(netlink =>
        {
            netlink.ReplaceNeighbour(_index, address, OtherMac);
            return netlink.ListNeighbours(_index);
        });

        Assert.Equal(OtherMac, Assert.Single(replaced, n => n.Address.Equals(address)).Mac);
        AssertShown(address, "0a:68:c8:00:00:28");

        var (deleted, missing) = Ns.Run(netlink =>
        {
            netlink.DeleteNeighbour(_index, address);
            return (netlink.ListNeighbours(_index), Assert.Throws<NetlinkException>(() => netlink.DeleteNeighbour(_index, address)));
        });

        Assert.DoesNotContain(deleted, n => n.Address.Equals(address));
        Assert.Equal(Errno.ENOENT, missing.Errno);
        Assert.StartsWith($"ip neigh del {address} dev {_index}", missing.Operation, StringComparison.Ordinal);
    }

    [Fact]
    public void ListNeighbours_IsFilteredByDevice()
    {
        var underlay = _underlay.UnderlayIndex;
        var (onVxlan, onUnderlay) = Ns.Run(netlink =>
        {
            netlink.ReplaceNeighbour(_index, IPAddress.Parse("10.244.2.0"), PeerMac);
            netlink.ReplaceNeighbour(underlay, IPAddress.Parse("192.0.2.9"), OtherMac);
            return (netlink.ListNeighbours(_index), netlink.ListNeighbours(underlay));
        });

        // Besides its own entry, the device may show those the kernel adds by itself for its IPv6 multicast groups (MLD:
        // ff02::16 and the like, NOARP) at any moment; the underlay's entry must not be listed, nor any of another device.
        Assert.All(onVxlan, n => Assert.Equal(_index, n.LinkIndex));
        Assert.Equal(IPAddress.Parse("10.244.2.0"), Assert.Single(onVxlan, n => !(n.State == NeighbourState.NoArp && n.Address.IsIPv6Multicast)).Address);
        Assert.All(onUnderlay, n => Assert.Equal(underlay, n.LinkIndex));
        Assert.Contains(onUnderlay, n => n.Address.Equals(IPAddress.Parse("192.0.2.9")) && n.State == NeighbourState.Permanent);
    }

    [Fact]
    public void Fdb_ReplaceListDelete_AsBridgeShowsThem()
    {
        var first = IPAddress.Parse("192.0.2.30");
        var second = IPAddress.Parse("192.0.2.40");

        var added = Ns.Run(netlink =>
        {
            netlink.ReplaceFdb(_index, PeerMac, first);
            netlink.ReplaceFdb(_index, OtherMac, first);
            return netlink.ListFdb(_index);
        });

        Assert.Equal(
            new[] { new FdbEntry(_index, PeerMac, first, NeighbourState.Permanent), new FdbEntry(_index, OtherMac, first, NeighbourState.Permanent) },
            added.OrderBy(e => e.Mac.ToString(), StringComparer.Ordinal));
        Assert.Equal(["0a:68:c8:00:00:1e 192.0.2.30 permanent self", "0a:68:c8:00:00:28 192.0.2.30 permanent self"], BridgeFdb());

        var replaced = Ns.Run(netlink =>
        {
            netlink.ReplaceFdb(_index, PeerMac, second);
            return netlink.ListFdb(_index);
        });

        Assert.Equal(second, Assert.Single(replaced, e => e.Mac.Equals(PeerMac)).Destination);
        Assert.Equal(["0a:68:c8:00:00:1e 192.0.2.40 permanent self", "0a:68:c8:00:00:28 192.0.2.30 permanent self"], BridgeFdb());

        var (deleted, missing) = Ns.Run(netlink =>
        {
            netlink.DeleteFdb(_index, PeerMac, second);
            netlink.DeleteFdb(_index, OtherMac, destination: null);
            return (netlink.ListFdb(_index), Assert.Throws<NetlinkException>(() => netlink.DeleteFdb(_index, PeerMac, null)));
        });

        Assert.Empty(deleted);
        Assert.Empty(BridgeFdb());
        Assert.Equal(Errno.ENOENT, missing.Errno);
        Assert.Equal($"bridge fdb del 0A68C800001E dev {_index} self", missing.Operation);
    }

    /// <summary>Append gives the all-zeros (flooding) MAC one remote per call; a unicast MAC keeps the remote it has.</summary>
    [Fact]
    public void Fdb_Append_AddsRemotesToTheFloodingEntry_ButNotToAUnicastOne()
    {
        var flood = new PhysicalAddress(new byte[6]);
        var entries = Ns.Run(netlink =>
        {
            netlink.AppendFdb(_index, flood, IPAddress.Parse("192.0.2.30"));
            netlink.AppendFdb(_index, flood, IPAddress.Parse("192.0.2.40"));
            netlink.AppendFdb(_index, PeerMac, IPAddress.Parse("192.0.2.30"));
            netlink.AppendFdb(_index, PeerMac, IPAddress.Parse("192.0.2.40"));
            return netlink.ListFdb(_index);
        });

        Assert.Equal(["192.0.2.30", "192.0.2.40"], entries.Where(e => e.Mac.Equals(flood)).Select(e => e.Destination!.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(IPAddress.Parse("192.0.2.30"), Assert.Single(entries, e => e.Mac.Equals(PeerMac)).Destination);
        Assert.Equal(["00:00:00:00:00:00 192.0.2.30 permanent self", "00:00:00:00:00:00 192.0.2.40 permanent self", "0a:68:c8:00:00:1e 192.0.2.30 permanent self"], BridgeFdb());
    }

    [Fact]
    public void Fdb_Ipv6Destination_OnAnIpv6Vxlan()
    {
        var destination = IPAddress.Parse("2001:db8:1::30");
        var entries = Ns.Run(netlink =>
        {
            netlink.AddVxlan("hzvx6", new VxlanAttributes(6, VxlanUnderlay.Local6, 8472, _underlay.UnderlayIndex), 0, null);
            var index = netlink.GetLink("hzvx6")!.Index;
            netlink.ReplaceFdb(index, PeerMac, destination);
            return netlink.ListFdb(index);
        });

        Assert.Equal(destination, Assert.Single(entries).Destination);
        Assert.Equal("2001:db8:1::30", Ns.BridgeJson("fdb", "show", "dev", "hzvx6")[0].GetProperty("dst").GetString());
    }

    private void AssertShown(IPAddress address, string mac)
    {
        var shown = Assert.Single(Ns.IpJson("neigh", "show", "dev", VxlanUnderlay.Device).EnumerateArray(), n => n.GetProperty("dst").GetString() == address.ToString());
        Assert.Equal(mac, shown.GetProperty("lladdr").GetString());
        Assert.Equal("PERMANENT", Assert.Single(shown.GetProperty("state").EnumerateArray()).GetString());
    }

    /// <summary>`bridge -j fdb show dev humanz.1` as "MAC DST STATE FLAGS" lines, sorted.</summary>
    private string[] BridgeFdb() =>
        Ns.BridgeJson("fdb", "show", "dev", VxlanUnderlay.Device).EnumerateArray()
            .Select(e => $"{e.GetProperty("mac").GetString()} {e.GetProperty("dst").GetString()} {e.GetProperty("state").GetString()} {string.Join(',', e.GetProperty("flags").EnumerateArray().Select(f => f.GetString()))}")
            .Order(StringComparer.Ordinal)
            .ToArray();
}
