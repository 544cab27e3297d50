namespace HumanzCni.Chain.Pipeline;

/// <summary>
/// The last stage of a chained plugin that adds no interface or address (port mapping, shaping, sysctls):
/// ADD answers with the prevResult as it came, printed in the config's cniVersion.
/// </summary>
public sealed class PassThroughResultStage : IStage
{
    /// <inheritdoc />
    public string Name => "pass-through";

    /// <inheritdoc />
    public void Add(StageContext context) => context.Result = context.PrevResult;
}
