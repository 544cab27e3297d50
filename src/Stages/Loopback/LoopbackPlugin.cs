using HumanzCni.Chain.Pipeline;

namespace HumanzCni.Stages.Loopback;

/// <summary>
/// The loopback plugin type: brings up lo in the pod's namespace and reports it as the reference loopback
/// plugin does, so runtimes that attach lo through CNI (containerd's CRI via go-cni) find it in the bin dir.
/// </summary>
internal static class LoopbackPlugin
{
    public const string TypeName = "loopback";

    /// <summary>The interface this type works on, whatever CNI_IFNAME says (as in the reference plugin).</summary>
    public const string InterfaceName = "lo";

    public static PluginType Create() => new PluginTypeBuilder(TypeName)
        .Use(() => new LoopbackStage())
        .Use(() => new LoopbackResultStage())
        .Build();
}
