namespace HumanzCni.Chain.Pipeline;

/// <summary>
/// The last stage of a chained plugin that adds no interface or address (port mapping, shaping, sysctls):
/// ADD answers with the prevResult as it came, printed in the config's cniVersion.
/// </summary>
public sealed class PassThroughResultStage : IStage
{
    public string Name => "pass-through";

    public void Add(StageContext context) => context.Result = context.PrevResult;
}
