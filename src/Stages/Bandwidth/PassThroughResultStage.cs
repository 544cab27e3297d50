using HumanzCni.Chain.Pipeline;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>Shaping adds no interface or address: the ADD result is prevResult, unchanged (printed in the config's cniVersion).</summary>
public sealed class PassThroughResultStage : IStage
{
    public string Name => "result";

    public void Add(StageContext context) => context.Result = context.PrevResult;

    public void Del(StageContext context)
    {
    }
}
