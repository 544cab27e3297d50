using HumanzCni.Chain.Pipeline;

namespace HumanzCni.Stages.PortMap;

/// <summary>A chained plugin changes nothing in the result: ADD answers with the prevResult as it came (printed in the config's version).</summary>
public sealed class PassThroughResultStage : IStage
{
    public string Name => "pass-through";

    public void Add(StageContext context) => context.Result = context.PrevResult;

    public void Del(StageContext context)
    {
    }
}
