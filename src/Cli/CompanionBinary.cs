using System.Runtime.InteropServices;
using HumanzCni.Native;

namespace HumanzCni.Cli;

/// <summary>
/// `humanz-cni agent|install|demo` are served by humanz-cni-agent, installed beside this binary. exec, not a
/// child process: the agent keeps this pid, so a supervisor's SIGTERM and `ip netns exec` reach it directly.
/// </summary>
internal static class CompanionBinary
{
    public const string AgentFileName = "humanz-cni-agent";

    public static int Exec(string[] args)
    {
        var self = Environment.ProcessPath ?? "humanz-cni";
        var companion = Path.Combine(Path.GetDirectoryName(self) ?? ".", AgentFileName);
        Interop.Execv(companion, [companion, .. args, null]);
        var errno = Marshal.GetLastPInvokeError();
        Console.Error.WriteLine($"humanz-cni {args[0]}: cannot run {companion}: {Errno.Describe(errno)}; install humanz-cni-agent beside humanz-cni (./build.sh publish builds both)");
        return 1;
    }
}
