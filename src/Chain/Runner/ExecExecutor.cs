using System.Diagnostics;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// Runs any other type as libcni does: the first file named like the type in CNI_PATH, executed with
/// this process's environment plus the CNI_* variables, the config on stdin, stdout read as the result
/// or error JSON; the plugin's stderr goes to ours.
/// </summary>
internal sealed class ExecExecutor : IPluginExecutor
{
    /// <inheritdoc />
    public CniResult? Execute(PluginCall call)
    {
        var path = Find(call.Type, call.Environment.GetValueOrDefault("CNI_PATH", ""));
        var startInfo = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in call.Environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new CniException(CniErrorCode.Internal, $"cannot start {path}");
        using var stdout = new MemoryStream();
        // Read while writing, so a plugin that prints before it has read all of stdin cannot deadlock us.
        var reading = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        try
        {
            process.StandardInput.BaseStream.Write(call.Config);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited without reading its config; its exit code and output say why.
        }

        reading.GetAwaiter().GetResult();
        process.WaitForExit();
        return PluginOutput.Interpret(call, process.ExitCode, stdout.ToArray());
    }

    private static string Find(string type, string cniPath)
    {
        var directories = cniPath.Split(':', StringSplitOptions.RemoveEmptyEntries);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, type);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new CniException(
            CniErrorCode.InvalidConfig,
            $"no plugin \"{type}\" in CNI_PATH [{string.Join(", ", directories)}]: install it there or fix the conflist's \"type\"");
    }
}
