using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>The plugin driven by libcni (cnictl) the way container runtimes drive it.</summary>
public sealed class CnictlLifecycleTests
{
    [Fact]
    public void Add_gives_the_pod_an_address_in_the_subnet_and_a_default_route_via_the_gateway()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        node.WriteConflist("hzt-net", "1.0.0", node.Config());

        var result = node.Cnictl("add", "hzt-net", pod.Path, "pod1").EnsureSuccess("cnictl add");

        var ip = result.Json().GetProperty("ips")[0];
        Assert.StartsWith("100.100.1.", ip.GetProperty("address").GetString());
        Assert.Equal("100.100.1.1", ip.GetProperty("gateway").GetString());
        Assert.Contains("default via 100.100.1.1 dev eth0", pod.Ip("route", "show"));
        node.Cnictl("del", "hzt-net", pod.Path, "pod1").EnsureSuccess("cnictl del");
        Assert.Empty(node.Leases());
    }
}
