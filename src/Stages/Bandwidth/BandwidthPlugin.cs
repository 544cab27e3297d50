using HumanzCni.Chain.Pipeline;
using HumanzCni.Netlink;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// The humanz-bandwidth plugin type: chained after a plugin that made the pod's veth, it limits the pod's
/// ingress and egress like the reference bandwidth plugin, with tc over netlink.
/// </summary>
internal static class BandwidthPlugin
{
    public const string TypeName = "humanz-bandwidth";

    /// <summary>"1:": the handle of the TBF root qdiscs the plugin adds, which is how DEL recognises them as its own.</summary>
    public static readonly uint TbfHandle = TcHandle.Make(1, 0);

    public static PluginType Create() => new PluginTypeBuilder(TypeName)
        .Use(() => new BandwidthParseStage())
        .Use(() => new IngressShapingStage())
        .Use(() => new EgressShapingStage())
        .Use(() => new PassThroughResultStage())
        .Build();
}
