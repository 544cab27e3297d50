using System.Net;
using System.Text;
using HumanzCni.Chain.Config;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.NetnsConfig;

namespace HumanzCni.Tests.Stages;

/// <summary>The routes a pod gets, computed once so that what netns-config installs is what the result reports.</summary>
public sealed class PodRoutesTests
{
    private static readonly PodAddress V4 = new(IPAddress.Parse("100.100.1.5"), 24, IPAddress.Parse("100.100.1.1"));
    private static readonly PodAddress V6 = new(IPAddress.Parse("fd00:1::5"), 64, IPAddress.Parse("fd00:1::1"));

    private static HumanzNetConf Conf(string json) => HumanzConfigValidator.Validate(JsonFields.Parse(Encoding.UTF8.GetBytes(json)), "net");

    private static List<string> Routes(string json, params PodAddress[] addresses) =>
        PodRoutes.For(Conf(json), new PodAddresses(addresses)).Select(r => $"{r.Destination} via {r.Gateway?.ToString() ?? "-"}").ToList();

    [Fact]
    public void A_default_route_via_the_gateway_by_default()
    {
        Assert.Equal(["0.0.0.0/0 via 100.100.1.1"], Routes("""{"subnet":"100.100.1.0/24"}""", V4));
    }

    [Fact]
    public void Dual_stack_gets_a_default_route_per_family()
    {
        var json = """{"ipam":{"ranges":[[{"subnet":"100.100.1.0/24"}],[{"subnet":"fd00:1::/64"}]]}}""";

        Assert.Equal(["0.0.0.0/0 via 100.100.1.1", "::/0 via fd00:1::1"], Routes(json, V4, V6));
    }

    [Fact]
    public void No_default_route_when_isDefaultGateway_is_false()
    {
        Assert.Empty(Routes("""{"subnet":"100.100.1.0/24","isDefaultGateway":false}""", V4));
    }

    [Fact]
    public void No_default_route_for_an_address_whose_range_has_no_gateway()
    {
        Assert.Empty(Routes("""{"subnet":"100.100.1.0/24"}""", V4 with { Gateway = null }));
    }

    [Fact]
    public void Ipam_routes_follow_the_default_and_use_their_familys_gateway_when_they_have_none()
    {
        var json = """{"ipam":{"ranges":[[{"subnet":"100.100.1.0/24"}],[{"subnet":"fd00:1::/64"}]],"routes":[{"dst":"10.96.0.0/12"},{"dst":"fd00:96::/108"},{"dst":"192.168.0.0/16","gw":"100.100.1.254"}]}}""";

        Assert.Equal(
            ["0.0.0.0/0 via 100.100.1.1", "::/0 via fd00:1::1", "10.96.0.0/12 via 100.100.1.1", "fd00:96::/108 via fd00:1::1", "192.168.0.0/16 via 100.100.1.254"],
            Routes(json, V4, V6));
    }

    [Fact]
    public void An_ipam_default_route_repeating_the_gateways_is_not_added_twice()
    {
        var json = """{"subnet":"100.100.1.0/24","ipam":{"routes":[{"dst":"0.0.0.0/0"}]}}""";

        Assert.Equal(["0.0.0.0/0 via 100.100.1.1"], Routes(json, V4));
    }

    [Fact]
    public void An_ipam_default_route_is_kept_when_isDefaultGateway_is_false()
    {
        var json = """{"subnet":"100.100.1.0/24","isDefaultGateway":false,"ipam":{"routes":[{"dst":"0.0.0.0/0","gw":"100.100.1.254"}]}}""";

        Assert.Equal(["0.0.0.0/0 via 100.100.1.254"], Routes(json, V4));
    }

    [Fact]
    public void An_ipam_route_keeps_its_own_gateway()
    {
        var json = """{"subnet":"100.100.1.0/24","ipam":{"routes":[{"dst":"10.0.0.0/8","gw":"100.100.1.9"}]}}""";

        Assert.Equal(["0.0.0.0/0 via 100.100.1.1", "10.0.0.0/8 via 100.100.1.9"], Routes(json, V4));
    }
}
