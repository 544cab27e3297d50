using System.Text.Json.Nodes;
using HumanzCni.IntegrationTests.Harness;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>
/// The loopback type against Debian's reference loopback (/usr/lib/cni/loopback), in throwaway pod namespaces:
/// the same ADD result for every version both speak, driven directly (through the `loopback` link, as a runtime
/// execs it) and through libcni (cnictl); DEL and CHECK with the reference's semantics; the spec's error codes.
/// </summary>
public sealed class LoopbackTests
{
    private const string Network = "hzt-lo";
    private static readonly string OurLoopback = Path.Combine(PluginBinary.Directory, "loopback");
    private static readonly string ReferenceLoopback = Path.Combine(PluginBinary.ReferencePluginDirectory, "loopback");

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public void Add_brings_lo_up_and_prints_exactly_what_the_reference_prints(string cniVersion)
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        Assert.False(LoIsUp(pod), "a fresh namespace's lo should start down");

        var ours = node.Invoke("ADD", Config(cniVersion), "lo-ours", pod.Path, "lo", plugin: OurLoopback).EnsureSuccess($"our ADD {cniVersion}");
        Assert.True(LoIsUp(pod), "lo is still down after our ADD");
        Assert.Contains("inet 127.0.0.1/8", pod.Ip("addr", "show", "dev", "lo"));

        pod.Ip("link", "set", "lo", "down");
        var reference = node.Invoke("ADD", Config(cniVersion), "lo-ref", pod.Path, "lo", plugin: ReferenceLoopback).EnsureSuccess($"reference ADD {cniVersion}");

        AssertSameJson(reference.StandardOutput, ours.StandardOutput);
    }

    [Fact]
    public void Add_at_1_1_0_prints_the_reference_result_in_1_1_0()
    {
        // Debian's reference (plugins 1.1.1) stops at 1.0.0; upstream's prints the same 1.x result stamped 1.1.0.
        using var node = new TestNode();
        var pod = node.CreatePod();
        var reference = JsonNode.Parse(node.Invoke("ADD", Config("1.0.0"), "lo-ref", pod.Path, "lo", plugin: ReferenceLoopback).EnsureSuccess("reference ADD").StandardOutput)!;
        reference["cniVersion"] = "1.1.0";

        var ours = node.Invoke("ADD", Config("1.1.0"), "lo-ours", pod.Path, "lo", plugin: OurLoopback).EnsureSuccess("our ADD 1.1.0");

        AssertSameJson(reference.ToJsonString(), ours.StandardOutput);
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public void Through_libcni_our_add_matches_the_reference_and_del_sets_lo_down(string cniVersion)
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        node.WriteConflist(Network, cniVersion, new JsonObject { ["type"] = "loopback" });

        var reference = node.Cnictl("add", Network, pod.Path, "lo-ref", "lo", cniPath: PluginBinary.ReferencePluginDirectory).EnsureSuccess("cnictl add, reference");
        pod.Ip("link", "set", "lo", "down");
        var ours = node.Cnictl("add", Network, pod.Path, "lo-ours", "lo", cniPath: PluginBinary.Directory).EnsureSuccess("cnictl add, ours");

        AssertSameJson(reference.StandardOutput, ours.StandardOutput);
        Assert.True(LoIsUp(pod));
        if (cniVersion is "0.4.0" or "1.0.0")
        {
            node.Cnictl("check", Network, pod.Path, "lo-ours", "lo", cniPath: PluginBinary.Directory).EnsureSuccess("cnictl check, ours");
        }

        node.Cnictl("del", Network, pod.Path, "lo-ours", "lo", cniPath: PluginBinary.Directory).EnsureSuccess("cnictl del, ours");
        Assert.False(LoIsUp(pod), "DEL leaves lo down, as the reference does");
        node.Cnictl("del", Network, pod.Path, "lo-ours", "lo", cniPath: PluginBinary.Directory).EnsureSuccess("second cnictl del");
    }

    [Fact]
    public void Add_chained_after_another_plugin_passes_its_result_on()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var config = JsonNode.Parse(Config("1.0.0"))!;
        config["prevResult"] = JsonNode.Parse("""{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/x"}],"ips":[{"address":"10.1.2.3/24","interface":0}],"dns":{}}""");

        var ours = node.Invoke("ADD", config.ToJsonString(), "lo-chained", pod.Path, "lo", plugin: OurLoopback).EnsureSuccess("our chained ADD");
        var reference = node.Invoke("ADD", config.ToJsonString(), "lo-chained", pod.Path, "lo", plugin: ReferenceLoopback).EnsureSuccess("reference chained ADD");

        AssertSameJson(reference.StandardOutput, ours.StandardOutput);
        Assert.True(LoIsUp(pod));
    }

    [Fact]
    public void Add_refuses_a_lo_holding_a_non_loopback_address_as_the_reference_does()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        pod.Ip("addr", "add", "10.9.9.9/32", "dev", "lo");

        PluginChecks.AssertCniError(node.Invoke("ADD", Config("1.0.0"), "lo-odd", pod.Path, "lo", plugin: OurLoopback), 4, "10.9.9.9/32");
        Assert.NotEqual(0, node.Invoke("ADD", Config("1.0.0"), "lo-odd", pod.Path, "lo", plugin: ReferenceLoopback).ExitCode);
    }

    [Fact]
    public void Del_succeeds_without_cni_netns_and_once_the_namespace_is_gone()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        node.Invoke("ADD", Config("1.0.0"), "lo-del", pod.Path, "lo", plugin: OurLoopback).EnsureSuccess("ADD");

        var withoutNetns = node.Invoke("DEL", Config("1.0.0"), "lo-del", "", "lo", plugin: OurLoopback);
        Assert.True(withoutNetns.ExitCode == 0, withoutNetns.StandardOutput);
        Assert.Equal("", withoutNetns.StandardOutput.Trim());
        Assert.True(LoIsUp(pod), "a DEL without CNI_NETNS has no namespace to touch");

        var gone = pod.Path + "-gone";
        var missingNamespace = node.Invoke("DEL", Config("1.0.0"), "lo-del", gone, "lo", plugin: OurLoopback);
        Assert.True(missingNamespace.ExitCode == 0, missingNamespace.StandardOutput);
        Assert.Equal(0, node.Invoke("DEL", Config("1.0.0"), "lo-del", gone, "lo", plugin: ReferenceLoopback).ExitCode);
    }

    [Fact]
    public void Check_passes_on_an_up_lo_and_fails_once_lo_is_down_or_lost_its_address()
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var add = node.Invoke("ADD", Config("1.0.0"), "lo-check", pod.Path, "lo", plugin: OurLoopback).EnsureSuccess("ADD");
        var config = JsonNode.Parse(Config("1.0.0"))!;
        config["prevResult"] = JsonNode.Parse(add.StandardOutput);
        var check = config.ToJsonString();

        node.Invoke("CHECK", check, "lo-check", pod.Path, "lo", plugin: OurLoopback).EnsureSuccess("CHECK on an up lo");

        pod.Ip("link", "set", "lo", "down");
        PluginChecks.AssertCniError(node.Invoke("CHECK", check, "lo-check", pod.Path, "lo", plugin: OurLoopback), 102, "loopback interface is down");
        Assert.NotEqual(0, node.Invoke("CHECK", check, "lo-check", pod.Path, "lo", plugin: ReferenceLoopback).ExitCode);

        pod.Ip("link", "set", "lo", "up");
        pod.Ip("addr", "del", "127.0.0.1/8", "dev", "lo");
        PluginChecks.AssertCniError(node.Invoke("CHECK", check, "lo-check", pod.Path, "lo", plugin: OurLoopback), 102, "127.0.0.1/8");
    }

    [Theory]
    [InlineData("ADD", "1.0.0", "no-netns", 4)]
    [InlineData("ADD", "1.0.0", "missing-netns", 4)]
    [InlineData("ADD", "1.0.0", "bad-json", 6)]
    [InlineData("CHECK", "0.3.1", "pod", 1)]
    public void Bad_input_gets_the_spec_code_the_reference_gives(string verb, string cniVersion, string input, int code)
    {
        using var node = new TestNode();
        var pod = node.CreatePod();
        var netns = input switch
        {
            "no-netns" => "",
            "missing-netns" => pod.Path + "-missing",
            _ => pod.Path,
        };
        var config = input == "bad-json" ? """{"cniVersion":"1.0.0","name":""" : Config(cniVersion);

        var ours = node.Invoke(verb, config, "lo-bad", netns, "lo", plugin: OurLoopback);
        PluginChecks.AssertCniError(ours, code);
        if (input != "missing-netns")
        {
            // The reference reports a namespace path that does not exist as a generic failure (999).
            var reference = node.Invoke(verb, config, "lo-bad", netns, "lo", plugin: ReferenceLoopback);
            Assert.Equal(code, reference.Json().GetProperty("code").GetInt32());
        }
    }

    [Fact]
    public void Version_lists_every_version_we_speak()
    {
        using var node = new TestNode();

        var version = node.Invoke("VERSION", """{"cniVersion":"1.0.0"}""", plugin: OurLoopback).EnsureSuccess("VERSION").Json();

        Assert.Equal(
            ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"],
            version.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()));
    }

    private static string Config(string cniVersion) =>
        new JsonObject { ["cniVersion"] = cniVersion, ["name"] = Network, ["type"] = "loopback" }.ToJsonString();

    private static bool LoIsUp(TestNamespace pod) => pod.Run(netlink => netlink.GetLink("lo")!.IsUp);

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)),
            $"expected (reference):\n{expected}\nactual (ours):\n{actual}");
}
