using System.Net;
using System.Net.Sockets;
using HumanzCni.Native;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

public sealed class RtNetlinkRouteTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create();
    private readonly int _index;

    public RtNetlinkRouteTests()
    {
        // A veth pair with both ends up inside the namespace has carrier, so routes via it are usable.
        _ns.Ip("link", "add", "hzv0", "type", "veth", "peer", "name", "hzv1");
        _ns.Ip("link", "set", "hzv1", "up");
        _ns.Ip("link", "set", "hzv0", "up");
        _ns.Ip("addr", "add", "192.0.2.1/24", "dev", "hzv0");
        _ns.Ip("-6", "addr", "add", "2001:db8:1::1/64", "dev", "hzv0", "nodad");
        _index = _ns.IpJson("link", "show", "hzv0")[0].GetProperty("ifindex").GetInt32();
    }

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void Ipv4_AddReplaceListDelete()
    {
        var route = new RouteInfo(IPAddress.Parse("10.9.0.0"), 24, IPAddress.Parse("192.0.2.254"), _index, RouteProtocol.HumanzCni);

        var (afterAdd, duplicate) = _ns.Run(netlink =>
        {
            netlink.AddRoute(route);
            return (netlink.ListRoutes(AddressFamily.InterNetwork), Assert.Throws<NetlinkException>(() => netlink.AddRoute(route)));
        });

        Assert.Equal(Errno.EEXIST, duplicate.Errno);
        var listed = Assert.Single(afterAdd, r => r.Destination.Equals(IPAddress.Parse("10.9.0.0")));
        Assert.Equal(route, listed);
        var shown = _ns.IpJson("route", "show", "10.9.0.0/24")[0];
        Assert.Equal("192.0.2.254", shown.GetProperty("gateway").GetString());
        AssertHumanzCniProtocol(shown.GetProperty("protocol").GetString());

        var afterReplace = _ns.Run(netlink =>
        {
            netlink.ReplaceRoute(route with { Gateway = IPAddress.Parse("192.0.2.253") });
            return netlink.ListRoutes(AddressFamily.InterNetwork);
        });

        var replaced = Assert.Single(afterReplace, r => r.Destination.Equals(IPAddress.Parse("10.9.0.0")));
        Assert.Equal(IPAddress.Parse("192.0.2.253"), replaced.Gateway);

        var afterDelete = _ns.Run(netlink =>
        {
            netlink.DeleteRoute(replaced);
            return netlink.ListRoutes(AddressFamily.InterNetwork);
        });

        Assert.DoesNotContain(afterDelete, r => r.Destination.Equals(IPAddress.Parse("10.9.0.0")));
        // The kernel's own connected route is listed with proto kernel, scope link and no gateway.
        var connected = Assert.Single(afterDelete, r => r.Destination.Equals(IPAddress.Parse("192.0.2.0")));
        Assert.Equal(24, connected.PrefixLength);
        Assert.Null(connected.Gateway);
        Assert.Equal(RouteProtocol.Kernel, connected.Protocol);
        Assert.Equal(RouteScope.Link, connected.Scope);
        Assert.Equal(_index, connected.OutputLinkIndex);
    }

    [Fact]
    public void Ipv4_DefaultRouteViaGateway()
    {
        var routes = _ns.Run(netlink =>
        {
            netlink.AddRoute(new RouteInfo(IPAddress.Any, 0, IPAddress.Parse("192.0.2.254")));
            return netlink.ListRoutes(AddressFamily.InterNetwork);
        });

        var route = Assert.Single(routes, r => r.PrefixLength == 0);
        Assert.Equal(IPAddress.Any, route.Destination);
        Assert.Equal(IPAddress.Parse("192.0.2.254"), route.Gateway);
        Assert.Equal(_index, route.OutputLinkIndex);
        Assert.Equal(RouteProtocol.Boot, route.Protocol);
        var shown = _ns.IpJson("route", "show", "default")[0];
        Assert.Equal("192.0.2.254", shown.GetProperty("gateway").GetString());
        Assert.Equal("hzv0", shown.GetProperty("dev").GetString());
    }

    [Fact]
    public void Ipv4_DeviceRouteWithScopeLinkAndMetric()
    {
        var route = new RouteInfo(IPAddress.Parse("10.10.0.0"), 16, null, _index, RouteProtocol.Static, RouteScope.Link, Metric: 50);

        var listed = _ns.Run(netlink =>
        {
            netlink.AddRoute(route);
            return netlink.ListRoutes(AddressFamily.InterNetwork);
        });

        Assert.Equal(route, Assert.Single(listed, r => r.Destination.Equals(IPAddress.Parse("10.10.0.0"))));
        var shown = _ns.IpJson("route", "show", "10.10.0.0/16")[0];
        Assert.Equal("link", shown.GetProperty("scope").GetString());
        Assert.Equal(50, shown.GetProperty("metric").GetInt32());
    }

    [Fact]
    public void Ipv4_UnreachableGateway_IsRejectedWithEnetunreachAndKernelMessage()
    {
        var error = _ns.Run(netlink => Assert.Throws<NetlinkException>(() =>
            netlink.AddRoute(new RouteInfo(IPAddress.Parse("10.9.0.0"), 24, IPAddress.Parse("198.51.100.99")))));

        Assert.Equal(Errno.ENETUNREACH, error.Errno);
        Assert.False(string.IsNullOrWhiteSpace(error.KernelMessage));
        Assert.Equal("ip route add 10.9.0.0/24 via 198.51.100.99 proto 3", error.Operation);
        Assert.Contains(error.KernelMessage!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ipv4_TableAbove255()
    {
        var route = new RouteInfo(IPAddress.Parse("10.11.0.0"), 24, IPAddress.Parse("192.0.2.254"), _index, RouteProtocol.HumanzCni, Table: 1000);

        var (inTable, inMain, emptyTable) = _ns.Run(netlink =>
        {
            netlink.AddRoute(route);
            return (netlink.ListRoutes(AddressFamily.InterNetwork, 1000), netlink.ListRoutes(AddressFamily.InterNetwork), netlink.ListRoutes(AddressFamily.InterNetwork, 4242));
        });

        Assert.Equal(route, Assert.Single(inTable));
        Assert.DoesNotContain(inMain, r => r.Destination.Equals(IPAddress.Parse("10.11.0.0")));
        Assert.Empty(emptyTable);
        Assert.Equal("10.11.0.0/24", _ns.IpJson("route", "show", "table", "1000")[0].GetProperty("dst").GetString());

        var after = _ns.Run(netlink =>
        {
            netlink.DeleteRoute(route);
            return netlink.ListRoutes(AddressFamily.InterNetwork, 1000);
        });

        Assert.Empty(after);
    }

    [Fact]
    public void DeleteRoute_OnlyMatchesItsProtocol()
    {
        _ns.Ip("route", "add", "10.12.0.0/24", "via", "192.0.2.254", "proto", "static");

        var error = _ns.Run(netlink => Assert.Throws<NetlinkException>(() =>
            netlink.DeleteRoute(new RouteInfo(IPAddress.Parse("10.12.0.0"), 24, null, Protocol: RouteProtocol.HumanzCni))));

        Assert.Equal(Errno.ESRCH, error.Errno);
        Assert.Single(_ns.IpJson("route", "show", "10.12.0.0/24").EnumerateArray());
    }

    [Fact]
    public void Ipv6_AddReplaceListDelete_AndDefault()
    {
        var route = new RouteInfo(IPAddress.Parse("fd00:9::"), 64, IPAddress.Parse("2001:db8:1::fe"), _index, RouteProtocol.HumanzCni, Metric: 100);
        var defaultRoute = new RouteInfo(IPAddress.IPv6Any, 0, IPAddress.Parse("2001:db8:1::fe"), _index, RouteProtocol.HumanzCni);

        var listed = _ns.Run(netlink =>
        {
            netlink.AddRoute(route);
            netlink.AddRoute(defaultRoute);
            netlink.ReplaceRoute(route with { Gateway = IPAddress.Parse("2001:db8:1::fd") });
            return netlink.ListRoutes(AddressFamily.InterNetworkV6);
        });

        var found = Assert.Single(listed, r => r.Destination.Equals(IPAddress.Parse("fd00:9::")));
        Assert.Equal(route with { Gateway = IPAddress.Parse("2001:db8:1::fd") }, found);
        var foundDefault = Assert.Single(listed, r => r.PrefixLength == 0);
        Assert.Equal(IPAddress.IPv6Any, foundDefault.Destination);
        Assert.Equal(IPAddress.Parse("2001:db8:1::fe"), foundDefault.Gateway);
        // IPv6 routes always carry a metric; the kernel's default is 1024.
        Assert.Equal(1024, foundDefault.Metric);
        AssertHumanzCniProtocol(_ns.IpJson("-6", "route", "show", "default")[0].GetProperty("protocol").GetString());

        var after = _ns.Run(netlink =>
        {
            netlink.DeleteRoute(found);
            netlink.DeleteRoute(defaultRoute);
            return netlink.ListRoutes(AddressFamily.InterNetworkV6);
        });

        Assert.DoesNotContain(after, r => r.Destination.Equals(IPAddress.Parse("fd00:9::")) || r.PrefixLength == 0);
    }

    /// <summary>
    /// `ip route replace 10.244.2.0/24 via 10.244.2.0 dev hzv0 onlink proto 0x69`, the VXLAN backend's route to a
    /// peer's pods: its gateway (the peer's VTEP address) is on no subnet of the device, so only onlink makes it acceptable.
    /// </summary>
    [Theory]
    [InlineData("10.244.2.0", 24, "10.244.2.0", "", Errno.ENETUNREACH)]
    [InlineData("fd00:244:2::", 64, "fd00:244:2::", "-6", Errno.EHOSTUNREACH)]
    public void OnLinkRoute_GatewayOffEverySubnet_IsAcceptedOnlyOnLink(string destination, int prefix, string gateway, string family, int refusal)
    {
        var route = new RouteInfo(IPAddress.Parse(destination), prefix, IPAddress.Parse(gateway), _index, RouteProtocol.HumanzAgent) { OnLink = true };

        var (refused, listed) = _ns.Run(netlink =>
        {
            var refused = Assert.Throws<NetlinkException>(() => netlink.ReplaceRoute(route with { OnLink = false }));
            netlink.ReplaceRoute(route);
            netlink.ReplaceRoute(route);
            return (refused, netlink.ListRoutes(route.Destination.AddressFamily));
        });

        Assert.Equal(refusal, refused.Errno);
        var found = Assert.Single(listed, r => r.Destination.Equals(route.Destination));
        Assert.True(found.OnLink);
        Assert.Equal(route.Gateway, found.Gateway);
        Assert.Equal(_index, found.OutputLinkIndex);
        Assert.Equal(RouteProtocol.HumanzAgent, found.Protocol);
        string[] show = family.Length > 0 ? [family, "route", "show", $"{destination}/{prefix}"] : ["route", "show", $"{destination}/{prefix}"];
        var shown = _ns.IpJson(show)[0];
        Assert.Equal(gateway, shown.GetProperty("gateway").GetString());
        Assert.Contains("onlink", shown.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));

        var after = _ns.Run(netlink =>
        {
            netlink.DeleteRoute(found);
            return netlink.ListRoutes(route.Destination.AddressFamily);
        });

        Assert.DoesNotContain(after, r => r.Destination.Equals(route.Destination));
    }

    [Fact]
    public void ListRoutes_RejectsOtherFamilies()
    {
        _ns.Run(netlink => Assert.Throws<ArgumentException>(() => netlink.ListRoutes(AddressFamily.Unix)));
    }

    /// <summary>`ip -j` prints a protocol missing from /etc/iproute2/rt_protos as a decimal number.</summary>
    private static void AssertHumanzCniProtocol(string? shown) => Assert.Contains(shown, new[] { "104", "0x68" });
}
