using System.Diagnostics;
using HumanzCni.Netlink;

namespace HumanzCni.Cli.Demo;

/// <summary>
/// Runs the plugin the way a container runtime does: a new process of this binary with CNI_* variables
/// and the config on stdin, started from a thread inside the node's namespace so the child lives there too.
/// </summary>
internal sealed class PluginInvoker(NetworkNamespace node, string pluginPath)
{
    public sealed record Outcome(int ExitCode, string Stdout, TimeSpan Elapsed);

    public Outcome Invoke(string command, string config, string containerId, string netns, string ifName = "eth0") =>
        node.Run(() =>
        {
            var startInfo = new ProcessStartInfo(pluginPath)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            startInfo.Environment["CNI_COMMAND"] = command;
            startInfo.Environment["CNI_CONTAINERID"] = containerId;
            startInfo.Environment["CNI_NETNS"] = netns;
            startInfo.Environment["CNI_IFNAME"] = ifName;
            startInfo.Environment["CNI_PATH"] = Path.GetDirectoryName(pluginPath)!;
            var start = Stopwatch.GetTimestamp();
            using var process = Process.Start(startInfo)!;
            process.StandardInput.Write(config);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Outcome(process.ExitCode, stdout, Stopwatch.GetElapsedTime(start));
        });
}
