using System.Runtime.InteropServices;
using HumanzCni.Agent.Subnets;

namespace HumanzCni.Agent.Hosting;

/// <summary>`humanz-cni agent ...`: parses the options, stops cleanly on SIGTERM or SIGINT, runs the etcd, the static or the Kubernetes agent.</summary>
public static class AgentCommand
{
    public static int Run(ReadOnlySpan<string> args)
    {
        AgentOptions options;
        try
        {
            options = AgentOptions.Parse(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"humanz-cni agent: {e.Message}");
            Console.Error.WriteLine(AgentOptions.Usage);
            Console.Error.WriteLine(Conflist.ConflistOptions.Usage);
            return 2;
        }

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
