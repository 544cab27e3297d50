using HumanzCni.Chain.Hosting;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// Runs a type this binary serves through <see cref="PluginHost"/> in this process: the same protocol
/// code path as a separate process (environment, stdin, stdout, exit code), without the exec.
/// </summary>
internal sealed class InProcessExecutor(PluginTypeRegistry registry, Func<Exception, int?> classify) : IPluginExecutor
{
    /// <summary>This binary serves <paramref name="type"/>.</summary>
    public bool Serves(string type) => registry.Find(type) is not null;

    /// <inheritdoc />
    public CniResult? Execute(PluginCall call)
    {
        var host = new PluginHost(registry, classify);
        using var stdin = new MemoryStream(call.Config, writable: false);
        using var stdout = new MemoryStream();
        var exitCode = host.Run(name => call.Environment.GetValueOrDefault(name), stdin, stdout);
        return PluginOutput.Interpret(call, exitCode, stdout.ToArray());
    }
}
