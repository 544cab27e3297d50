using System.Net;
using System.Net.NetworkInformation;
using HumanzCni.Native;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

public sealed class RtNetlinkVxlanTests : IDisposable
{
    private readonly VxlanUnderlay _underlay = new();

    private TestNamespace Ns => _underlay.Namespace;

    public void Dispose() => _underlay.Dispose();

    [Fact]
    public void AddVxlan_Ipv4Local_ReadsBackEveryAttribute_AsIpShowsThem()
    {
        var link = Ns.Run(netlink =>
        {
            netlink.AddVxlan(VxlanUnderlay.Device, new VxlanAttributes(4242, VxlanUnderlay.Local, 8472, _underlay.UnderlayIndex), 1450, VxlanUnderlay.Mac);
            return netlink.GetLink(VxlanUnderlay.Device);
        });

        Assert.NotNull(link);
        Assert.Equal("vxlan", link.Kind);
        Assert.Equal(1450, link.Mtu);
        Assert.Equal(VxlanUnderlay.Mac, link.Mac);
        Assert.Equal(new VxlanAttributes(4242, VxlanUnderlay.Local, 8472, _underlay.UnderlayIndex, Learning: false), link.Vxlan);

        var shown = Ns.IpJson("-d", "link", "show", VxlanUnderlay.Device)[0];
        Assert.Equal(1450, shown.GetProperty("mtu").GetInt32());
        Assert.Equal("0a:68:c0:00:02:01", shown.GetProperty("address").GetString());
        var data = shown.GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(4242, data.GetProperty("id").GetInt32());
        Assert.Equal("192.0.2.1", data.GetProperty("local").GetString());
        Assert.Equal(8472, data.GetProperty("port").GetInt32());
        Assert.False(data.GetProperty("learning").GetBoolean());
        Assert.Equal("hzu0", data.GetProperty("link").GetString());
    }

    [Fact]
    public void AddVxlan_Ipv6Local_WithLearning_AndKernelDefaults()
    {
        var link = Ns.Run(netlink =>
        {
            netlink.AddVxlan("hzvx6", new VxlanAttributes(7, VxlanUnderlay.Local6, 4789, UnderlayIndex: 0, Learning: true), mtu: 0, mac: null);
            return netlink.GetLink("hzvx6");
        });

        Assert.NotNull(link);
        Assert.Equal(new VxlanAttributes(7, VxlanUnderlay.Local6, 4789, 0, Learning: true), link.Vxlan);
        var data = Ns.IpJson("-d", "link", "show", "hzvx6")[0].GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal("2001:db8:1::1", data.GetProperty("local6").GetString());
        Assert.False(data.TryGetProperty("local", out _));
        Assert.Equal(4789, data.GetProperty("port").GetInt32());
        Assert.True(data.GetProperty("learning").GetBoolean());
        Assert.False(data.TryGetProperty("link", out _));
        // Without an MTU or a MAC the kernel picks them: a random locally administered unicast MAC.
        Assert.Equal(0x02, link.Mac.GetAddressBytes()[0] & 0x03);
    }

    [Fact]
    public void AddVxlan_Twice_FailsWithEexist_AndNamesTheRequest()
    {
        var error = Ns.Run(netlink =>
        {
            netlink.AddVxlan(VxlanUnderlay.Device, _underlay.Attributes, 0, null);
            return Assert.Throws<NetlinkException>(() => netlink.AddVxlan(VxlanUnderlay.Device, _underlay.Attributes, 0, null));
        });

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.Equal($"ip link add humanz.1 type vxlan id 1 local 192.0.2.1 dstport 8472 nolearning dev {_underlay.UnderlayIndex}", error.Operation);
    }

    [Fact]
    public void AddVxlan_VniBeyond24Bits_IsRefusedByTheKernel()
    {
        var error = Ns.Run(netlink => Assert.Throws<NetlinkException>(() =>
            netlink.AddVxlan(VxlanUnderlay.Device, _underlay.Attributes with { Vni = 1 << 24 }, 0, null)));

        Assert.Equal(Errno.ERANGE, error.Errno);
        Assert.Null(Ns.Run(netlink => netlink.GetLink(VxlanUnderlay.Device)));
    }

    [Fact]
    public void GetLink_OfOtherKinds_HasNoVxlanAttributes()
    {
        var underlay = Ns.Run(netlink => netlink.GetLink("hzu0"));

        Assert.NotNull(underlay);
        Assert.Equal("veth", underlay.Kind);
        Assert.Null(underlay.Vxlan);
    }

    /// <summary>
    /// Pins the rule the VXLAN reconciler lives by: setting the device's MAC, even to the very MAC it has,
    /// is a NETDEV_CHANGEADDR to the kernel, which flushes every neighbour entry on the device, permanent
    /// ones included. So the MAC may only be set when it differs.
    /// </summary>
    [Fact]
    public void SetMac_ToTheSameMac_FlushesPermanentNeighbours_ButNotTheFdb()
    {
        var index = _underlay.AddDevice();
        var peerMac = PhysicalAddress.Parse("0a-68-c0-00-02-02");
        var (before, after, fdbAfter) = Ns.Run(netlink =>
        {
            netlink.ReplaceNeighbour(index, IPAddress.Parse("10.244.2.0"), peerMac);
            netlink.ReplaceNeighbour(index, IPAddress.Parse("fd00:244:2::"), peerMac);
            netlink.AppendFdb(index, peerMac, IPAddress.Parse("192.0.2.2"));
            var before = netlink.ListNeighbours(index);
            netlink.SetMac(index, netlink.GetLink(index)!.Mac);
            return (before, netlink.ListNeighbours(index), netlink.ListFdb(index));
        });

        Assert.Equal(2, before.Count(n => n.State == NeighbourState.Permanent));
        Assert.Equal(VxlanUnderlay.Mac, Ns.Run(netlink => netlink.GetLink(index)!.Mac));
        // Every entry is gone but those the kernel adds by itself for the device's own IPv6 multicast groups (MLD:
        // ff02::16 and the like, NOARP), which may appear at any moment after the address change.
        Assert.DoesNotContain(after, n => !(n.State == NeighbourState.NoArp && n.Address.IsIPv6Multicast));
        Assert.Empty(Ns.IpJson("neigh", "show", "dev", VxlanUnderlay.Device).EnumerateArray());
        Assert.Equal(IPAddress.Parse("192.0.2.2"), Assert.Single(fdbAfter, e => e.Mac.Equals(peerMac)).Destination);
    }
}
