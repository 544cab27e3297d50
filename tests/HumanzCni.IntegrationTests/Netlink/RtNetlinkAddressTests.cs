using System.Net;
using HumanzCni.Native;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

public sealed class RtNetlinkAddressTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create();

    public RtNetlinkAddressTests()
    {
        _ns.Ip("link", "add", "hzbr0", "type", "bridge");
        _ns.Ip("link", "set", "hzbr0", "up");
        _ns.Ip("link", "add", "hzbr1", "type", "bridge");
    }

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void Ipv4_AddListDelete()
    {
        var (listed, all, error) = _ns.Run(netlink =>
        {
            var index = netlink.GetLink("hzbr0")!.Index;
            netlink.AddAddress(index, IPAddress.Parse("10.22.0.1"), 24);
            netlink.AddAddress(netlink.GetLink("hzbr1")!.Index, IPAddress.Parse("10.23.0.1"), 16);
            return (
                netlink.ListAddresses(index),
                netlink.ListAddresses(0),
                Assert.Throws<NetlinkException>(() => netlink.AddAddress(index, IPAddress.Parse("10.22.0.1"), 24)));
        });

        // The bridge is up, so it also has its IPv6 link-local address.
        var address = Assert.Single(listed, a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        Assert.Equal(IPAddress.Parse("10.22.0.1"), address.Address);
        Assert.Equal(24, address.PrefixLength);
        Assert.Contains(all, a => a.Address.Equals(IPAddress.Parse("10.23.0.1")) && a.PrefixLength == 16);
        Assert.Contains(all, a => a.Address.Equals(IPAddress.Parse("10.22.0.1")));
        Assert.Equal(Errno.EEXIST, error.Errno);

        var shown = _ns.IpJson("-4", "addr", "show", "dev", "hzbr0")[0].GetProperty("addr_info")[0];
        Assert.Equal("10.22.0.1", shown.GetProperty("local").GetString());
        Assert.Equal(24, shown.GetProperty("prefixlen").GetInt32());

        var remaining = _ns.Run(netlink =>
        {
            var index = netlink.GetLink("hzbr0")!.Index;
            netlink.DeleteAddress(index, IPAddress.Parse("10.22.0.1"), 24);
            return netlink.ListAddresses(index);
        });

        Assert.DoesNotContain(remaining, a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
    }

    [Fact]
    public void Ipv6_NoDad_IsNotTentative()
    {
        var listed = _ns.Run(netlink =>
        {
            var index = netlink.GetLink("hzbr0")!.Index;
            netlink.AddAddress(index, IPAddress.Parse("fd00:22::1"), 64, noDad: true);
            return netlink.ListAddresses(index);
        });

        Assert.Contains(listed, a => a.Address.Equals(IPAddress.Parse("fd00:22::1")) && a.PrefixLength == 64);
        var shown = _ns.IpJson("-6", "addr", "show", "dev", "hzbr0")[0].GetProperty("addr_info")
            .EnumerateArray().Single(a => a.GetProperty("local").GetString() == "fd00:22::1");
        Assert.True(shown.TryGetProperty("nodad", out var nodad) && nodad.GetBoolean());
        Assert.False(shown.TryGetProperty("tentative", out _));

        var remaining = _ns.Run(netlink =>
        {
            var index = netlink.GetLink("hzbr0")!.Index;
            netlink.DeleteAddress(index, IPAddress.Parse("fd00:22::1"), 64);
            return netlink.ListAddresses(index);
        });

        Assert.DoesNotContain(remaining, a => a.Address.Equals(IPAddress.Parse("fd00:22::1")));
    }

    [Fact]
    public void DeleteAddress_Missing_ThrowsWithOperation()
    {
        var error = _ns.Run(netlink =>
            Assert.Throws<NetlinkException>(() => netlink.DeleteAddress(netlink.GetLink("hzbr0")!.Index, IPAddress.Parse("10.99.0.1"), 24)));

        Assert.Equal(Errno.EADDRNOTAVAIL, error.Errno);
        Assert.StartsWith("ip addr del 10.99.0.1/24 dev ", error.Operation, StringComparison.Ordinal);
    }
}
