using HumanzCni.Chain.Pipeline;

namespace HumanzCni.Samples.Sysctls;

/// <summary>
/// The chained plugin type humanz-sysctl: reads "sysctls" from its config, sets them in the pod's network
/// namespace, and answers ADD with the prevResult it was given.
/// </summary>
public static class SysctlPlugin
{
    /// <summary>The config's "type", and the binary's name under CNI_PATH.</summary>
    public const string TypeName = "humanz-sysctl";

    /// <summary>The plugin type; Build() checks that the config stage runs before the stage that needs its settings.</summary>
    public static PluginType Create() => new PluginTypeBuilder(TypeName)
        .Use(() => new SysctlConfigStage())
        .Use(() => new PodSysctlStage())
        .Use(() => new PassThroughResultStage())
        .Build();
}
