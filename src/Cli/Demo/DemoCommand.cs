using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Text.Json;
using HumanzCni.Netlink;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Cli.Demo;

/// <summary>
/// `humanz-cni demo`: one node and two pods, all network namespaces of the demo's own, so the machine's
/// networking is untouched. The plugin is invoked exactly as a runtime invokes it; the demo then pings
/// pod to pod and node to pod, deletes both pods and shows nothing is left. Exit code 1 if any step failed.
/// </summary>
internal static class DemoCommand
{
    private const string Bridge = "humanz-cni0";

    public static int Run(ReadOnlySpan<string> args)
    {
        _ = args;
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var nodeName = $"hzdemo-node-{suffix}";
        var podNames = new[] { $"hzdemo-pod1-{suffix}", $"hzdemo-pod2-{suffix}" };
        var workDir = Directory.CreateTempSubdirectory("humanz-demo-").FullName;
        var steps = new DemoSteps();
        DemoSteps.Say("HumanzCni demo: one node, two pods, the plugin called as a container runtime calls it");
        DemoSteps.Say($"  everything lives in network namespaces {nodeName}, {podNames[0]}, {podNames[1]}; logs in {workDir}");
        DemoSteps.Say("");
        try
        {
            Play(steps, nodeName, podNames, workDir);
        }
        finally
        {
            foreach (var name in podNames.Append(nodeName))
            {
                NamedNetworkNamespaces.Delete(name);
            }

            Directory.Delete(workDir, recursive: true);
        }

        DemoSteps.Say("");
        DemoSteps.Say(steps.Failed == 0
            ? $"demo passed: {steps.Passed} steps, namespaces removed"
            : $"demo FAILED: {steps.Failed} of {steps.Passed + steps.Failed} steps failed");
        return steps.Failed == 0 ? 0 : 1;
    }

    private static void Play(DemoSteps steps, string nodeName, string[] podNames, string workDir)
    {
        var config = $$"""
            {"cniVersion": "1.0.0", "name": "humanz-demo", "type": "humanz-cni", "bridge": "{{Bridge}}", "subnet": "100.100.1.0/24",
             "logFile": "{{workDir}}/humanz_cni.log", "ipam": {"dataDir": "{{workDir}}/leases"} }
            """;
        if (!steps.Step($"create node namespace {nodeName} and bring its lo up", () => CreateNode(nodeName)))
        {
            return;
        }

        using var node = NetworkNamespace.Open(NamedNetworkNamespaces.PathOf(nodeName));
        var plugin = new PluginInvoker(node, Environment.ProcessPath!);
        var podPaths = podNames.Select(NamedNetworkNamespaces.PathOf).ToArray();
        if (!steps.Step("create pod namespaces", () => string.Join(", ", podNames.Select(NamedNetworkNamespaces.Create))))
        {
            return;
        }

        var addresses = new string[podNames.Length];
        for (var i = 0; i < podNames.Length; i++)
        {
            var index = i;
            steps.Step($"ADD pod{i + 1} (CNI_COMMAND=ADD CNI_CONTAINERID=demo-pod{i + 1} CNI_IFNAME=eth0, config on stdin)", () =>
            {
                var outcome = plugin.Invoke("ADD", config, $"demo-pod{index + 1}", podPaths[index]);
                EnsureOk(outcome);
                var ip = JsonDocument.Parse(outcome.Stdout).RootElement.GetProperty("ips")[0];
                addresses[index] = ip.GetProperty("address").GetString()!.Split('/')[0];
                return $"{ip.GetProperty("address").GetString()} gateway {ip.GetProperty("gateway").GetString()} in {outcome.Elapsed.TotalMilliseconds:0.0} ms";
            });
        }

        for (var i = 0; i < podNames.Length; i++)
        {
            var path = podPaths[i];
            steps.Step($"pod{i + 1} as seen inside its namespace", () => DescribePod(path));
        }

        if (addresses.All(a => a is not null))
        {
            steps.Step($"ping pod1 -> pod2 ({addresses[1]})", () => PingFrom(podPaths[0], addresses[1]));
            steps.Step($"ping pod2 -> pod1 ({addresses[0]})", () => PingFrom(podPaths[1], addresses[0]));
            steps.Step($"ping node -> pod1 ({addresses[0]})", () => PingFrom(node.Path, addresses[0]));
            steps.Step($"ping node -> pod2 ({addresses[1]})", () => PingFrom(node.Path, addresses[1]));
        }

        for (var i = 0; i < podNames.Length; i++)
        {
            var index = i;
            steps.Step($"DEL pod{i + 1}", () =>
            {
                var outcome = plugin.Invoke("DEL", config, $"demo-pod{index + 1}", podPaths[index]);
                EnsureOk(outcome);
                return $"{outcome.Elapsed.TotalMilliseconds:0.0} ms";
            });
        }

        steps.Step("nothing left behind", () => NothingLeft(node, podPaths, Path.Combine(workDir, "leases", "humanz-demo")));
    }

    private static string CreateNode(string name)
    {
        using var node = NetworkNamespace.Open(NamedNetworkNamespaces.Create(name));
        node.Run(() =>
        {
            using var netlink = RtNetlink.Open();
            netlink.SetUp(netlink.GetLink("lo")!.Index);
        });
        return "";
    }

    private static string DescribePod(string path)
    {
        using var pod = NetworkNamespace.Open(path);
        return pod.Run(() =>
        {
            using var netlink = RtNetlink.Open();
            var eth0 = netlink.GetLink("eth0") ?? throw new InvalidOperationException("eth0 is missing");
            var address = netlink.ListAddresses(eth0.Index).First(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
            var route = netlink.ListRoutes(System.Net.Sockets.AddressFamily.InterNetwork).First(r => r.PrefixLength == 0);
            return $"eth0 {address.Address}/{address.PrefixLength} mac {MacText.Format(eth0.Mac)} mtu {eth0.Mtu}, default via {route.Gateway}";
        });
    }

    /// <summary>ICMP echo from inside a namespace: the raw socket is created on the namespace's thread, so it belongs there.</summary>
    private static string PingFrom(string namespacePath, string target)
    {
        using var ns = NetworkNamespace.Open(namespacePath);
        var (reply, elapsed) = ns.Run(() =>
        {
            using var ping = new Ping();
            var start = Stopwatch.GetTimestamp();
            var reply = ping.Send(target, 2000);
            return (reply, Stopwatch.GetElapsedTime(start));
        });
        return reply.Status == IPStatus.Success
            ? $"reply in {elapsed.TotalMilliseconds:0.000} ms"
            : throw new InvalidOperationException($"no reply ({reply.Status})");
    }

    private static string NothingLeft(NetworkNamespace node, string[] podPaths, string leaseDir)
    {
        var ports = node.Run(() =>
        {
            using var netlink = RtNetlink.Open();
            var bridge = netlink.GetLink(Bridge) ?? throw new InvalidOperationException($"{Bridge} is missing");
            return netlink.ListLinks(bridge.Index).Count;
        });
        var leases = Directory.Exists(leaseDir)
            ? Directory.GetFiles(leaseDir).Count(f => System.Net.IPAddress.TryParse(Path.GetFileName(f), out _))
            : 0;
        var podInterfaces = podPaths.Sum(path =>
        {
            using var pod = NetworkNamespace.Open(path);
            return pod.Run(() =>
            {
                using var netlink = RtNetlink.Open();
                return netlink.GetLink("eth0") is null ? 0 : 1;
            });
        });
        var detail = $"bridge ports {ports}, leases {leases}, pod interfaces {podInterfaces}";
        return ports + leases + podInterfaces == 0 ? detail : throw new InvalidOperationException(detail);
    }

    private static void EnsureOk(PluginInvoker.Outcome outcome)
    {
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException($"plugin exited {outcome.ExitCode}: {outcome.Stdout.Trim()}");
        }
    }
}
