using HumanzCni.Chain.Hosting;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// Runs a type <paramref name="host"/> serves in this process: the same protocol code path as a separate
/// process (environment, stdin, stdout, exit code), without the exec.
/// </summary>
internal sealed class InProcessExecutor(PluginHost host) : IPluginExecutor
{
    /// <summary>This binary serves <paramref name="type"/>.</summary>
    public bool Serves(string type) => host.Serves(type);

    /// <inheritdoc />
    public CniResult? Execute(PluginCall call)
    {
        using var stdin = new MemoryStream(call.Config, writable: false);
        using var stdout = new MemoryStream();
        var exitCode = host.Run(name => call.Environment.GetValueOrDefault(name), stdin, stdout);
        return PluginOutput.Interpret(call, exitCode, stdout.ToArray());
    }
}
