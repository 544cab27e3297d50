using System.CommandLine;
using System.Runtime.InteropServices;
using HumanzCni.Agent.Subnets;

namespace HumanzCni.Agent.Hosting;

/// <summary>`humanz-cni agent ...`: stops cleanly on SIGTERM or SIGINT, runs the etcd, the static or the Kubernetes agent.</summary>
internal static class AgentCommand
{
    /// <summary>`agent`, parsed by <see cref="AgentCommandLine"/>, running the agent.</summary>
    public static Command Create()
    {
        var commandLine = new AgentCommandLine();
        commandLine.Command.SetAction(result => Run(commandLine.Read(result)));
        return commandLine.Command;
    }

    private static int Run(AgentOptions options)
    {
        using var stop = new CancellationTokenSource();
        // Cancel the default (immediate exit): the agent finishes its pass and, if asked, releases its lease.
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => Stop(signal, stop));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => Stop(signal, stop));
        using var logging = AgentLogging.Create(options.LogFile, options.LogLevel, options.NodeName);
        try
        {
            var run = options.StaticClusterFile is not null
                ? StaticAgent.RunAsync(options, logging, stop.Token)
                : options.Kubernetes is not null
                    ? Kubernetes.KubernetesAgent.RunAsync(options, logging, stop.Token)
                    : EtcdAgent.RunAsync(options, logging, stop.Token);
            return run.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is UsageException or FormatException or SubnetRangeExhaustedException or IOException or ArgumentException)
        {
            Console.Error.WriteLine($"humanz-cni agent: {e.Message}");
            return 1;
        }
    }

    private static void Stop(PosixSignalContext signal, CancellationTokenSource stop)
    {
        signal.Cancel = true;
        stop.Cancel();
    }
}
