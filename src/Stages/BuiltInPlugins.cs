using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Netlink;
using HumanzCni.Stages.Bandwidth;
using HumanzCni.Stages.Ipam;
using HumanzCni.Stages.Loopback;

namespace HumanzCni.Stages;

/// <summary>The plugin types the humanz-cni binary serves, and how their lower layers' failures map to CNI codes.</summary>
internal static class BuiltInPlugins
{
    public static PluginTypeRegistry CreateRegistry() => new PluginTypeRegistry()
        .Add(HumanzCniPlugin.Create())
        .Add(BandwidthPlugin.Create())
        .Add(HumanzPortMapPlugin.Create())
        .Add(LoopbackPlugin.Create());

    /// <summary>Error codes for exceptions the stages let through (documented in the README).</summary>
    public static int? Classify(Exception e) => e switch
    {
        NetlinkException => CniErrorCode.KernelRefused,
        IpamExhaustedException => CniErrorCode.AddressesExhausted,
        IpamConfigException => CniErrorCode.InvalidConfig,
        _ => null,
    };
}
