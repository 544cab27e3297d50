using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>Types this binary serves run in-process; every other type is executed from CNI_PATH.</summary>
internal sealed class PluginDispatcher(InProcessExecutor inProcess, IPluginExecutor exec) : IPluginExecutor
{
    /// <inheritdoc />
    public CniResult? Execute(PluginCall call) =>
        inProcess.Serves(call.Type) ? inProcess.Execute(call) : exec.Execute(call);
}
