using HumanzCni.Chain.Pipeline;
using HumanzCni.Stages.PortMap;

namespace HumanzCni.Stages;

/// <summary>
/// The humanz-portmap plugin type: a chained plugin (capability "portMappings") that maps host ports to the
/// pod the previous plugin attached, with nftables rules in HumanzCni's own table, and passes the result on.
/// </summary>
internal static class HumanzPortMapPlugin
{
    public const string TypeName = "humanz-portmap";

    public static PluginType Create() => new PluginTypeBuilder(TypeName)
        .Use(() => new ParsePrevResultStage(TypeName))
        .Use(() => new PortMapStage())
        .Use(() => new PassThroughResultStage())
        .Build();
}
