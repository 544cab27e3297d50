using HumanzCni.Chain.Hosting;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Bandwidth;
using HumanzCni.Stages.Ipam;
using HumanzCni.Stages.Loopback;

namespace HumanzCni.Stages;

/// <summary>
/// The plugin types the humanz-cni binary serves, how their lower layers' failures map to CNI codes, and where
/// they log by default: the host that serves them, in the plugin process and in the chain runner alike.
/// </summary>
internal static class BuiltInPlugins
{
    /// <summary>Where the types log when the config names no logFile.</summary>
    public const string DefaultLogFile = "/var/log/humanz_cni.log";

    /// <summary>
    /// The host serving these types, which composes them only when a call needs one (VERSION does not);
    /// <paramref name="invokedAs"/> as <see cref="PluginHost"/> takes it.
    /// </summary>
    public static PluginHost CreateHost(string? invokedAs = null) => new(CreateRegistry, Classify, invokedAs, DefaultLogFile);

    /// <summary>Every type this binary serves, each composed when a call first asks for it.</summary>
    public static PluginTypeRegistry CreateRegistry() => new PluginTypeRegistry()
        .Add(HumanzCniPlugin.TypeName, HumanzCniPlugin.Create)
        .Add(BandwidthPlugin.TypeName, BandwidthPlugin.Create)
        .Add(HumanzPortMapPlugin.TypeName, HumanzPortMapPlugin.Create)
        .Add(LoopbackPlugin.TypeName, LoopbackPlugin.Create);

    /// <summary>Error codes for exceptions the stages let through (documented in the README).</summary>
    public static int? Classify(Exception e) => e switch
    {
        NetlinkException => HumanzErrorCode.KernelRefused,
        IpamExhaustedException => HumanzErrorCode.AddressesExhausted,
        IpamConfigException => CniErrorCode.InvalidConfig,
        _ => null,
    };
}
