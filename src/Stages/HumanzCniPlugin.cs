using HumanzCni.Chain.Pipeline;
using HumanzCni.Stages.Addresses;
using HumanzCni.Stages.Bandwidth;
using HumanzCni.Stages.Bridge;
using HumanzCni.Stages.Forwarding;
using HumanzCni.Stages.NetnsConfig;
using HumanzCni.Stages.Parse;
using HumanzCni.Stages.PortMap;
using HumanzCni.Stages.Result;
using HumanzCni.Stages.Routing;
using HumanzCni.Stages.Veth;

namespace HumanzCni.Stages;

/// <summary>
/// The humanz-cni plugin type: the design's bridge + veth networking as a pipeline of stages, with port mapping and
/// bandwidth shaping as stages of its own for configs that declare those capabilities (one exec per pod).
/// </summary>
internal static class HumanzCniPlugin
{
    public const string TypeName = "humanz-cni";

    public static PluginType Create() => new PluginTypeBuilder(TypeName)
        .Use(() => new ParseStage())
        // Before ipam: its DEL and undo run after the lease's release (see the stage).
        .Use(() => new NetworkRulesReleaseStage())
        .Use(() => new IpamStage())
        .Use(() => new BridgeStage())
        .Use(() => new VethStage())
        .Use(() => new NetnsConfigStage())
        .Use(() => new RouteStage())
        .Use(() => new ForwardingStage())
        .Use(() => new PodPortMapStage())
        .Use(() => new PodBandwidthStage())
        .Use(() => new ResultStage())
        .AcceptCniArg(RequestedAddresses.CniArgKey)
        .Build();
}
