using System.Runtime.InteropServices;
using HumanzCni.Native;

namespace HumanzCni.Cli;

/// <summary>
/// `humanz-cni chain|agent|install|demo` and `--help` are served by humanz-cni-agent, installed beside this
/// binary, so the command-line library and the commands' code stay out of the plugin's image (every CNI call
/// pays for its size at start-up). exec, not a child process: the command keeps this pid, so a supervisor's
/// SIGTERM and `ip netns exec` reach it directly. argv[0] stays the name this binary was started under, so
/// the companion's usage says `humanz-cni ...` as the person typed it.
/// </summary>
internal static class CompanionBinary
{
    public const string AgentFileName = "humanz-cni-agent";

    public static int Exec(string[] args)
    {
        var self = Environment.ProcessPath ?? "humanz-cni";
        var companion = Path.Combine(Path.GetDirectoryName(self) ?? ".", AgentFileName);
        var argv0 = Environment.GetCommandLineArgs() is [{ Length: > 0 } first, ..] ? first : companion;
        Interop.Execv(companion, [argv0, .. args, null]);
        var errno = Marshal.GetLastPInvokeError();
        Console.Error.WriteLine($"humanz-cni {args[0]}: cannot run {companion}: {Errno.Describe(errno)}; install humanz-cni-agent beside humanz-cni (./build.sh publish builds both)");
        return 1;
    }
}
