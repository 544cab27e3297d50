using System.Text.Json.Nodes;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Results;
using HumanzCni.Chain.Runner;

namespace HumanzCni.Tests.Runner;

/// <summary>What each plugin of a list receives on stdin: libcni's injection of name, version, prevResult and runtimeConfig.</summary>
public sealed class PluginConfigBuilderTests
{
    private static readonly JsonObject CapabilityArgs = new()
    {
        ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 8080, ["containerPort"] = 80, ["protocol"] = "tcp" }),
        ["bandwidth"] = new JsonObject { ["ingressRate"] = 1000 },
        ["ips"] = new JsonArray("10.0.0.9/24"),
    };

    private static JsonObject Build(JsonObject plugin, CniResult? prevResult = null, string version = "1.0.0", JsonObject? caps = null) =>
        (JsonObject)JsonNode.Parse(PluginConfigBuilder.ForAttachment(plugin, "net1", version, prevResult, caps ?? CapabilityArgs))!;

    [Fact]
    public void Only_capabilities_the_plugin_declares_true_reach_its_runtimeConfig()
    {
        var plugin = new JsonObject
        {
            ["type"] = "portmap",
            ["capabilities"] = new JsonObject { ["portMappings"] = true, ["bandwidth"] = false, ["mac"] = true },
        };

        var config = Build(plugin);

        var runtimeConfig = Assert.IsType<JsonObject>(config["runtimeConfig"]);
        Assert.Equal(["portMappings"], runtimeConfig.Select(p => p.Key));
        Assert.Equal(8080, runtimeConfig["portMappings"]![0]!["hostPort"]!.GetValue<int>());
    }

    [Fact]
    public void A_plugin_without_matching_capabilities_gets_no_runtimeConfig_and_keeps_its_own()
    {
        var bare = Build(new JsonObject { ["type"] = "tuning" });
        var own = Build(new JsonObject { ["type"] = "tuning", ["capabilities"] = new JsonObject { ["mac"] = true }, ["runtimeConfig"] = new JsonObject { ["x"] = 1 } });

        Assert.False(bare.ContainsKey("runtimeConfig"));
        Assert.Equal(1, own["runtimeConfig"]!["x"]!.GetValue<int>());
    }

    [Fact]
    public void Declared_capabilities_replace_a_runtimeConfig_written_in_the_file_as_libcni_does()
    {
        var plugin = new JsonObject
        {
            ["type"] = "bandwidth",
            ["capabilities"] = new JsonObject { ["bandwidth"] = true },
            ["runtimeConfig"] = new JsonObject { ["stale"] = true },
        };

        var runtimeConfig = Assert.IsType<JsonObject>(Build(plugin)["runtimeConfig"]);

        Assert.Equal(["bandwidth"], runtimeConfig.Select(p => p.Key));
    }

    [Fact]
    public void The_lists_name_and_version_override_the_plugins_own_and_other_fields_stay()
    {
        var plugin = new JsonObject { ["type"] = "humanz-cni", ["name"] = "other", ["cniVersion"] = "0.3.1", ["bridge"] = "br9" };

        var config = Build(plugin, version: "1.1.0");

        Assert.Equal("net1", config["name"]!.GetValue<string>());
        Assert.Equal("1.1.0", config["cniVersion"]!.GetValue<string>());
        Assert.Equal("br9", config["bridge"]!.GetValue<string>());
        Assert.False(config.ContainsKey("prevResult"));
        Assert.Equal("0.3.1", plugin["cniVersion"]!.GetValue<string>()); // the list's own object is not changed
    }

    [Theory]
    [InlineData("0.3.1", "4")]
    [InlineData("0.4.0", "4")]
    [InlineData("1.0.0", null)]
    public void PrevResult_is_converted_to_the_lists_version(string version, string? ipVersion)
    {
        var previous = new CniResult
        {
            CniVersion = "1.1.0",
            Interfaces = [new CniInterface { Name = "eth0", Mac = "02:00:00:00:00:02", Mtu = 1400, Sandbox = "/var/run/netns/p" }],
            Ips = [new CniIpConfig { Interface = 0, Address = "10.0.0.5/24", Gateway = "10.0.0.1" }],
        };

        var prevResult = Assert.IsType<JsonObject>(Build(new JsonObject { ["type"] = "portmap" }, previous, version)["prevResult"]);

        Assert.Equal(version, prevResult["cniVersion"]!.GetValue<string>());
        Assert.Equal(ipVersion, prevResult["ips"]![0]!["version"]?.GetValue<string>());
        Assert.Null(prevResult["interfaces"]![0]!["mtu"]); // a 1.1.0 field, dropped below 1.1.0
        Assert.Equal("/var/run/netns/p", prevResult["interfaces"]![0]!["sandbox"]!.GetValue<string>());
    }

    [Fact]
    public void Gc_config_carries_the_valid_attachments_and_no_runtimeConfig()
    {
        var plugin = new JsonObject { ["type"] = "humanz-cni", ["capabilities"] = new JsonObject { ["ips"] = true } };

        var config = (JsonObject)JsonNode.Parse(PluginConfigBuilder.ForGc(plugin, "net1", "1.1.0", [new Attachment { ContainerId = "c1", IfName = "eth0" }]))!;

        Assert.Equal("c1", config["cni.dev/valid-attachments"]![0]!["containerID"]!.GetValue<string>());
        Assert.Equal("eth0", config["cni.dev/valid-attachments"]![0]!["ifname"]!.GetValue<string>());
        Assert.False(config.ContainsKey("runtimeConfig"));
    }

    [Fact]
    public void Type_is_read_case_insensitively_as_go_decodes_it() =>
        Assert.Equal("bridge", PluginConfigBuilder.TypeOf(new JsonObject { ["Type"] = "bridge" }));
}
