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
        Assert.EndsWith("/24", ip.GetProperty("address").GetString());
        Assert.Equal("100.100.1.1", ip.GetProperty("gateway").GetString());
        Assert.Equal(2, ip.GetProperty("interface").GetInt32());
        Assert.Contains("default via 100.100.1.1 dev eth0", pod.Ip("route", "show"));
        Assert.Contains(ip.GetProperty("address").GetString()!, pod.Ip("-4", "addr", "show", "dev", "eth0"));
        node.Cnictl("del", "hzt-net", pod.Path, "pod1").EnsureSuccess("cnictl del");
        Assert.Empty(node.Leases());
    }

    [Fact]
    public void Pods_on_one_node_reach_the_node_and_each_other()
    {
        using var node = new TestNode();
        var pod1 = node.CreatePod();
        var pod2 = node.CreatePod();
        node.WriteConflist("hzt-net", "1.0.0", node.Config());

        var address1 = CniResults.PodAddress(node.Cnictl("add", "hzt-net", pod1.Path, "ping-a").EnsureSuccess("cnictl add a").Json());
        var address2 = CniResults.PodAddress(node.Cnictl("add", "hzt-net", pod2.Path, "ping-b").EnsureSuccess("cnictl add b").Json());

        Assert.NotEqual(address1, address2);
        Assert.True(PluginChecks.Ping(node.Namespace.Name, address1), $"node cannot ping pod at {address1}");
        Assert.True(PluginChecks.Ping(pod1.Name, address2), $"pod {address1} cannot ping pod {address2}");
        Assert.True(PluginChecks.Ping(pod2.Name, address1), $"pod {address2} cannot ping pod {address1}");
        Assert.True(PluginChecks.Ping(pod1.Name, "100.100.1.1"), "pod cannot ping its gateway");
    }

    [Fact]
    public void Check_passes_on_an_intact_attachment_and_names_the_address_once_it_was_removed()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        node.WriteConflist("hzt-net", "1.0.0", node.Config());
        var cidr = node.Cnictl("add", "hzt-net", pod.Path, "check-1").EnsureSuccess("cnictl add")
            .Json().GetProperty("ips")[0].GetProperty("address").GetString()!;

        node.Cnictl("check", "hzt-net", pod.Path, "check-1").EnsureSuccess("cnictl check on an intact pod");

        pod.Ip("addr", "del", cidr, "dev", "eth0");
        var check = node.Cnictl("check", "hzt-net", pod.Path, "check-1");

        Assert.NotEqual(0, check.ExitCode);
        var said = check.StandardOutput + check.StandardError;
        Assert.Contains(cidr, said);
        Assert.Contains("eth0", said);
    }

    [Fact]
    public void Del_removes_the_host_veth_and_the_lease_and_a_second_del_succeeds()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        node.WriteConflist("hzt-net", "1.0.0", node.Config());
        var address = CniResults.PodAddress(node.Cnictl("add", "hzt-net", pod.Path, "del-1").EnsureSuccess("cnictl add").Json());
        Assert.Equal([address], node.Leases());
        Assert.Single(node.HostVeths());

        node.Cnictl("del", "hzt-net", pod.Path, "del-1").EnsureSuccess("cnictl del");

        Assert.Empty(node.HostVeths());
        Assert.Empty(node.Leases());
        Assert.DoesNotContain("eth0", pod.Ip("link", "show"));
        node.Cnictl("del", "hzt-net", pod.Path, "del-1").EnsureSuccess("second cnictl del");
        Assert.Empty(node.HostVeths());
        Assert.Empty(node.Leases());
    }

    [Fact]
    public void Del_after_the_pod_namespace_was_deleted_succeeds_and_releases_the_address()
    {
        using var node = new TestNode();
        var keep = node.CreatePod();
        var gone = node.CreatePod();
        node.WriteConflist("hzt-net", "1.0.0", node.Config());
        var kept = CniResults.PodAddress(node.Cnictl("add", "hzt-net", keep.Path, "keep-1").EnsureSuccess("cnictl add keep").Json());
        var released = CniResults.PodAddress(node.Cnictl("add", "hzt-net", gone.Path, "gone-1").EnsureSuccess("cnictl add gone").Json());

        PluginChecks.DeleteNamespace(gone);
        node.Cnictl("del", "hzt-net", gone.Path, "gone-1").EnsureSuccess("cnictl del without a namespace");

        Assert.Equal([kept], node.Leases());
        Assert.DoesNotContain(released, node.Leases());
        Assert.Single(node.HostVeths());
        Assert.True(PluginChecks.Ping(node.Namespace.Name, kept), "the other pod lost connectivity");
    }

    [Fact]
    public void A_single_network_config_file_named_conf_works_through_libcni()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        File.WriteAllText(Path.Combine(node.ConfDir, "net.conf"), node.Config().ToJsonString());

        var result = node.Cnictl("add", "hzt-net", pod.Path, "conf-1").EnsureSuccess("cnictl add with a .conf file");
        var address = CniResults.PodAddress(result.Json());

        Assert.StartsWith("100.100.1.", address);
        Assert.Equal([address], node.Leases());
        node.Cnictl("check", "hzt-net", pod.Path, "conf-1").EnsureSuccess("cnictl check with a .conf file");
        node.Cnictl("del", "hzt-net", pod.Path, "conf-1").EnsureSuccess("cnictl del with a .conf file");
        Assert.Empty(node.Leases());
        Assert.Empty(node.HostVeths());
    }
}
