using HumanzCni.Chain.Pipeline;
using HumanzCni.Stages.Config;

namespace HumanzCni.Stages.Parse;

/// <summary>Validates the humanz-cni config and shares it as <see cref="HumanzNetConf"/>. Runs in <see cref="IStage.Prepare"/>, since every verb needs it first.</summary>
internal sealed class ParseStage : IStage
{
    public string Name => "parse";

    public IReadOnlyList<Type> Provides => [typeof(HumanzNetConf)];

    public void Prepare(StageContext context) =>
        context.Set(HumanzConfigValidator.Validate(context.Config.Json, context.Config.Name));

    public void Add(StageContext context)
    {
    }
}
