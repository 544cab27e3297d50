using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// Validates the limits and shares them as <see cref="BandwidthLimits"/> for every verb. On ADD it also insists
/// on prevResult, even with no limits set: the plugin only makes sense chained after one that made the interface.
/// </summary>
internal sealed class BandwidthParseStage : IStage
{
    public string Name => "bandwidth-parse";

    public IReadOnlyList<Type> Provides => [typeof(BandwidthLimits)];

    public void Prepare(StageContext context) =>
        context.Set(BandwidthConfigValidator.Validate(context.Config.Json, context.Config.RuntimeConfig));

    public void Add(StageContext context)
    {
        if (context.PrevResult is null)
        {
            throw MissingPrevResult();
        }
    }

    internal static CniException MissingPrevResult() =>
        new(CniErrorCode.InvalidConfig, $"{BandwidthPlugin.TypeName} must be chained after the plugin that creates the pod's interface: the config has no prevResult");
}
