using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>Runs one plugin of a chain. ADD returns the plugin's result, the other verbs null; a failure throws CniException with the plugin's own code.</summary>
internal interface IPluginExecutor
{
    /// <summary>Runs <paramref name="call"/>: the plugin's result for ADD, null for the other verbs.</summary>
    CniResult? Execute(PluginCall call);
}
