using System.CommandLine;
using System.Runtime.InteropServices;
using HumanzCni.Netlink;
using HumanzCni.Testbed;

namespace HumanzCni.AgentCli.Demo;

/// <summary>
/// `humanz-cni demo` (served here, in the companion binary, so the plugin image stays small): a three-node
/// cluster on one machine whose every namespace, temp dir and process carries the prefix hzd-, played by
/// <see cref="ClusterDemo"/>. Whatever happens (a failed step, Ctrl-C, SIGTERM) it DELs the pods, stops agents
/// and etcd and removes everything it made, then checks nothing is left. Exit code 0 only if every step passed.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Prefix of every namespace (/var/run/netns/hzd-*) and temp dir (/tmp/hzd-*) the demo creates.</summary>
    public const string Prefix = "hzd";

    private const int InterruptedExitCode = 130;

    /// <summary>`demo [--static-cluster]`; run as root.</summary>
    public static Command Create()
    {
        var staticCluster = new Option<bool>("--static-cluster") { Description = "the agents read a static cluster file even where etcd is installed (without etcd they always do)" };
        var command = new Command("demo", "three nodes and their pods in network namespaces (hzd-*), one behind a router: no routes, then the agents with host-gw, then with vxlan; ping and HTTP across nodes; run as root")
        {
            staticCluster,
        };
        command.SetAction(result => Run(useEtcd: EtcdServer.IsInstalled && !result.GetValue(staticCluster)));
        return command;
    }

    private static int Run(bool useEtcd)
    {
        using var interrupt = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt(interrupt));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt(interrupt));
        var steps = new DemoSteps(interrupt.Token);
        DemoSteps.Say($"HumanzCni demo: {ClusterDemo.NodeCount} nodes, a pod on each, pod to pod across nodes");
        DemoSteps.Say($"  every node, pod, underlay switch, the router and etcd is a network namespace {Prefix}-*; the machine's own networking is untouched");
        DemoSteps.Say($"  the plugin is {PluginBinary.Path}; the agents {(useEtcd ? $"use etcd ({EtcdServer.Binary})" : EtcdServer.IsInstalled ? "use a static cluster file (--static-cluster)" : "use a static cluster file (etcd is not installed)")}");
        DemoSteps.Say("");

        TestCluster? cluster = null;
        ClusterDemo? demo = null;
        try
        {
            DemoSteps.Say("The underlay: two switches joined by a router, as two racks; node1 and node3 on switch 1, node2 on switch 2");
            steps.Require("underlay switches and router", () =>
            {
                cluster = new TestCluster(Prefix, UnderlayLayout.Routed);
                return $"bridge sw0 in namespace {cluster.Switch.Name} (200.0.0.0/24) and another (200.0.1.0/24), router {cluster.Router!.Name} (.1 on both, no route to any pod subnet)";
            });
            demo = new ClusterDemo(cluster!, steps, useEtcd);
            demo.Play();
        }
        catch (DemoAbortedException e)
        {
            DemoSteps.Say($"  {e.Message}");
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            DemoSteps.Say("");
            DemoSteps.Say("  interrupted: cleaning up");
        }
        finally
        {
            CleanUp(demo, cluster);
        }

        var leftovers = Leftovers();
        DemoSteps.Say(leftovers.Count == 0
            ? $"  [ ok ] nothing left behind: no {Prefix}-* namespace, temp dir or process"
            : $"  [FAIL] left behind: {string.Join(", ", leftovers)}");
        DemoSteps.Say("");
        var failed = steps.Failed + (leftovers.Count == 0 ? 0 : 1);
        DemoSteps.Say(interrupt.IsCancellationRequested ? "demo interrupted"
            : failed == 0 ? $"demo passed: {steps.Passed + 1} steps"
            : $"demo FAILED: {failed} of {steps.Passed + steps.Failed + 1} steps failed");
        return interrupt.IsCancellationRequested ? InterruptedExitCode : failed == 0 ? 0 : 1;
    }

    /// <summary>Keeps the process alive on the signal (Cancel) and tells the play to stop, so the clean-up runs.</summary>
    private static Action<PosixSignalContext> Interrupt(CancellationTokenSource interrupt) => context =>
    {
        context.Cancel = true;
        interrupt.Cancel();
    };

    /// <summary>Pods, agents and etcd as steps, then the cluster's removal, which runs whatever the steps did.</summary>
    private static void CleanUp(ClusterDemo? demo, TestCluster? cluster)
    {
        try
        {
            demo?.TearDown();
        }
        finally
        {
            cluster?.Dispose();
        }
    }

    /// <summary>Namespaces, temp dirs and processes with the demo's prefix that are still there.</summary>
    private static List<string> Leftovers()
    {
        var found = new List<string>();
        if (Directory.Exists(NamedNetworkNamespaces.Directory))
        {
            found.AddRange(Directory.GetFiles(NamedNetworkNamespaces.Directory, $"{Prefix}-*"));
        }

        found.AddRange(Directory.GetDirectories(Path.GetTempPath(), $"{Prefix}-*"));
        found.AddRange(ProcessesMentioning($"{Prefix}-").Select(pid => $"process {pid}"));
        return found;
    }

    /// <summary>Pids whose command line contains <paramref name="text"/> (its namespaces' and temp dirs' names do).</summary>
    private static IEnumerable<int> ProcessesMentioning(string text)
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            if (commandLine.Contains(text, StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }
}
