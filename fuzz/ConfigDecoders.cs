using System.Text;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;
using HumanzCni.Stages.Addresses;
using HumanzCni.Stages.Bandwidth;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.PortMap;
using Microsoft.Extensions.Logging.Abstractions;

namespace HumanzCni.Fuzz;

/// <summary>
/// Everything the plugin decodes from one network config before it touches the kernel, in the order
/// PluginHost and the plugin types' parse stages do: the framework's fields (with prevResult), the version,
/// then each type's own fields: humanz-cni's (ParseStage), humanz-bandwidth's (BandwidthParseStage) and
/// humanz-portmap's (ParsePrevResultStage), and the prevResult as the chained types print it back.
/// Each type's decoding runs whatever the config's "type" says, so one input exercises them all.
/// </summary>
internal static class ConfigDecoders
{
    /// <summary>A request as an ADD's environment makes it, for the decoders that also read CNI_ARGS.</summary>
    public static CniRequest AddRequest(CniArgs args, byte[] json) => new()
    {
        Command = CniCommand.Add,
        ContainerId = "fuzz",
        Netns = "/var/run/netns/fuzz",
        IfName = "eth0",
        Args = args,
        Config = json,
    };

    public static void Decode(byte[] json) => Decode(json, AddRequest(CniArgs.Empty, json));

    public static void Decode(byte[] json, CniRequest request)
    {
        // The error JSON of any failure quotes the version peeked from the raw input: that must never throw.
        NetworkConfigReader.PeekCniVersion(json);
        NetworkConfig? config = null;
        BadInput.Cni(() => config = NetworkConfigReader.Read(json));
        if (config is null)
        {
            return;
        }

        var version = "1.0.0";
        BadInput.Cni(() => version = NetworkConfigReader.RequireSupportedVersion(config));
        BadInput.Cni(() => HumanzConfigValidator.Validate(config.Json, config.Name));
        BadInput.Cni(() => BandwidthConfigValidator.Validate(config.Json, config.RuntimeConfig));
        BadInput.Cni(() => PortMappingReader.Read(config.RuntimeConfig));
        BadInput.Cni(() =>
        {
            // The ipam stage's requested addresses: runtimeConfig.ips, args.cni.ips or CNI_ARGS IP.
            using var context = new StageContext(request, config, version, NullLogger.Instance);
            RequestedAddresses.From(context);
        });
        if (config.PrevResult is { } prevResult)
        {
            BadInput.Cni(() => ContainerAddresses.From(prevResult));
            BadInput.Cni(() => ResultWriter.Write(Stream.Null, prevResult, version));
        }

        // GC's stages name each attachment to keep by its container id and ifname, as humanz-bandwidth does.
        BadInput.Cni(() => config.AttachmentsToKeep().Select(a => IfbName.For(a.ContainerId, a.IfName)).ToList());
    }

    /// <summary>A config of the chained type humanz-portmap with <paramref name="value"/> (raw JSON) under <paramref name="key"/>.</summary>
    public static byte[] WithField(string key, byte[] value) =>
        [.. Encoding.UTF8.GetBytes($"{{\"cniVersion\": \"1.0.0\", \"name\": \"fuzz\", \"type\": \"humanz-portmap\", \"{key}\": "), .. value, (byte)'}'];
}
