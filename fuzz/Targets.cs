using System.Text;
using System.Text.Json.Nodes;
using HumanzCni.Agent.Static;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Runner;
using HumanzCni.Stages;

namespace HumanzCni.Fuzz;

/// <summary>One fuzz target: a name for the command line and fuzz/seeds/NAME, and the decoding it drives.</summary>
internal sealed record Target(string Name, string Summary, Action<byte[]> Run);

/// <summary>
/// The decoders afl-fuzz drives, one target each, so each gets its own corpus and coverage map. Every target
/// calls the real entry points the plugin, the chain runner and the agent call, and tolerates only what those
/// document as bad input (<see cref="BadInput"/>).
/// </summary>
internal static class Targets
{
    /// <summary>The capability arguments a runtime passes, for the runner to hand to the plugins that declare them.</summary>
    private static readonly JsonObject CapabilityArgs = new()
    {
        ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 8080, ["containerPort"] = 80, ["protocol"] = "tcp" }),
        ["bandwidth"] = new JsonObject { ["ingressRate"] = 1_000_000, ["ingressBurst"] = 65_536 },
    };

    private static readonly byte[] MinimalConfig = """{"cniVersion": "1.0.0", "name": "fuzz", "type": "humanz-cni", "subnet": "100.100.1.0/24"}"""u8.ToArray();

    /// <summary>
    /// Lazy: instrumented code may only run inside SharpFuzz's loop, once afl-fuzz's coverage map is attached
    /// (before that, it writes to a map that is not there: an access violation at start-up).
    /// </summary>
    private static readonly Lazy<List<IReadOnlySet<string>>> ArgKeysOfEachType = new(() =>
    {
        var registry = BuiltInPlugins.CreateRegistry();
        return registry.Names.Select(name => registry.Find(name)!.CniArgKeys).ToList();
    });

    public static IReadOnlyList<Target> All { get; } =
    [
        new("netconf", "a plugin's network config on stdin (humanz-cni, humanz-bandwidth, humanz-portmap fields)", ConfigDecoders.Decode),
        new("prevresult", "the prevResult of a chained plugin's config", input => ConfigDecoders.Decode(ConfigDecoders.WithField("prevResult", input))),
        new("runtimeconfig", "runtimeConfig: portMappings and bandwidth, keys in any case", input => ConfigDecoders.Decode(ConfigDecoders.WithField("runtimeConfig", input))),
        new("cniargs", "CNI_ARGS (and the same text as CNI_IFNAME and CNI_CONTAINERID)", CniEnvironment),
        new("conflist", "a conf dir's file as the chain runner loads it, and the config it builds for each plugin", Conflist),
        new("static", "the agent's static cluster file", input => BadInput.Agent(() => StaticClusterFile.Parse(Encoding.UTF8.GetString(input), "fuzz.json"))),
    ];

    private static void CniEnvironment(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        foreach (var variable in (string[])["CNI_ARGS", "CNI_IFNAME", "CNI_CONTAINERID"])
        {
            BadInput.Cni(() =>
            {
                var request = CniEnvironmentReader.Read(name => name == variable ? text : Valid(name), "{}"u8.ToArray());
                foreach (var keys in ArgKeysOfEachType.Value)
                {
                    BadInput.Cni(() => request.Args.EnsureKnown(keys));
                }

                // CNI_ARGS IP=...: the addresses the ipam stage is asked for.
                ConfigDecoders.Decode(MinimalConfig, ConfigDecoders.AddRequest(request.Args, MinimalConfig));
            });
        }
    }

    private static string? Valid(string variable) => variable switch
    {
        "CNI_COMMAND" => "ADD",
        "CNI_CONTAINERID" => "fuzz",
        "CNI_NETNS" => "/var/run/netns/fuzz",
        "CNI_IFNAME" => "eth0",
        _ => null,
    };

    /// <summary>ConfListLoader's two decoders (a .conflist, and a .conf wrapped into a list), then what ChainRunner feeds each plugin.</summary>
    private static void Conflist(byte[] input)
    {
        BadInput.Cni(() => PluginConfigs(NetworkConfigList.Parse(input, "fuzz.conflist")));
        BadInput.Cni(() => PluginConfigs(NetworkConfigList.FromSingleConfig(input, "fuzz.conf")));
    }

    private static void PluginConfigs(NetworkConfigList list)
    {
        foreach (var plugin in list.Plugins)
        {
            ConfigDecoders.Decode(PluginConfigBuilder.ForAttachment(plugin, list.Name, list.CniVersion, prevResult: null, CapabilityArgs));
        }
    }
}
