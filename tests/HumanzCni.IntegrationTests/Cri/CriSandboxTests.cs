using System.Text.RegularExpressions;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HumanzCni.IntegrationTests.Cri.Api;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Cri;

/// <summary>
/// The done-criterion for running under Kubernetes: a pod sandbox through containerd's CRI, the kubelet's own
/// path (CRI -> go-cni -> libcni), on CNI bin and conf dirs that hold only what `humanz-cni install` put there.
/// go-cni attaches lo with the `loopback` type from that bin dir and eth0 with the installed conflist.
/// </summary>
public sealed class CriSandboxTests
{
    private const string Network = "hzc-net";
    private const string Subnet = "100.100.42.0/24";

    /// <summary>overlayfs works on this kernel and on ext4 (the native snapshotter, a plain copy, is the fallback where it does not).</summary>
    private const string Snapshotter = "overlayfs";

    [Fact]
    public void Run_pod_sandbox_brings_lo_up_and_eth0_into_the_subnet_and_stop_and_remove_leave_nothing_behind()
    {
        using var node = new TestNode("hzcr");
        var binDir = Path.Combine(node.Directory, "bin");
        ProcessRunner.Run(PluginBinary.Path,
        [
            "install", "--bin-dir", binDir, "--conf-dir", node.ConfDir, "--subnet", Subnet,
            "--ipam-data-dir", node.DataDir, "--plugin-log-file", node.LogFile, "--network-name", Network,
        ]).EnsureSuccess("humanz-cni install");

        using var containerd = PrivateContainerd.Start(node.Namespace, binDir, node.ConfDir, Snapshotter);
        containerd.ImportImage(PauseImage.Build(containerd.Directory), Snapshotter);
        string? sandboxId = null;
        try
        {
            sandboxId = containerd.Runtime.RunPodSandbox(new RunPodSandboxRequest { Config = SandboxConfig(containerd.CgroupParent) }).PodSandboxId;

            var status = containerd.Runtime.PodSandboxStatus(new PodSandboxStatusRequest { PodSandboxId = sandboxId, Verbose = true });
            Assert.Equal(PodSandboxState.SandboxReady, status.Status.State);
            Assert.True(InSubnet(status.Status.Network.Ip), $"the CRI reports pod IP {status.Status.Network.Ip}, not in {Subnet}");
            var netns = NetnsPath(status);
            var (loUp, eth0Addresses) = LookInside(netns);
            Assert.True(loUp, "lo is not UP in the pod's network namespace");
            Assert.Contains(status.Status.Network.Ip, eth0Addresses);
            Assert.Single(node.BridgePorts());
            Assert.Equal([status.Status.Network.Ip], node.Leases(Network));

            containerd.Runtime.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = sandboxId });
            containerd.Runtime.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
            sandboxId = null;

            Assert.Empty(node.BridgePorts());
            Assert.Empty(node.HostVeths());
            Assert.Empty(node.Leases(Network));
            Assert.False(File.Exists(netns), $"the pod's netns {netns} is still there");
            AssertBothDelsSucceeded(File.ReadAllLines(node.LogFile), "humanz-cni", status.Status.Id);
            // go-cni's loopback config names no logFile: the plugin logs to its default.
            AssertBothDelsSucceeded(File.ReadAllLines("/var/log/humanz_cni.log"), "loopback", status.Status.Id);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\ncontainerd's log:\n{containerd.Log}", e);
        }
        finally
        {
            if (sandboxId is not null)
            {
                StopAndRemoveQuietly(containerd, sandboxId);
            }
        }
    }

    [Fact]
    public void A_host_port_is_mapped_by_humanz_cni_alone_in_the_installed_one_plugin_conflist_and_goes_with_the_sandbox()
    {
        using var node = new TestNode("hzcr");
        var binDir = Path.Combine(node.Directory, "bin");
        ProcessRunner.Run(PluginBinary.Path,
        [
            "install", "--bin-dir", binDir, "--conf-dir", node.ConfDir, "--subnet", Subnet, "--portmap", "--bandwidth",
            "--ipam-data-dir", node.DataDir, "--plugin-log-file", node.LogFile, "--network-name", Network,
        ]).EnsureSuccess("humanz-cni install");
        var before = node.NftRuleset();

        using var containerd = PrivateContainerd.Start(node.Namespace, binDir, node.ConfDir, Snapshotter);
        containerd.ImportImage(PauseImage.Build(containerd.Directory), Snapshotter);
        string? sandboxId = null;
        try
        {
            var config = SandboxConfig(containerd.CgroupParent);
            config.PortMappings.Add(new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 80, HostPort = 18480 });
            sandboxId = containerd.Runtime.RunPodSandbox(new RunPodSandboxRequest { Config = config }).PodSandboxId;

            var ip = containerd.Runtime.PodSandboxStatus(new PodSandboxStatusRequest { PodSandboxId = sandboxId }).Status.Network.Ip;
            var ruleset = node.NftRuleset();
            // The mapping is an element of the fixed host port map, commented with the sandbox's attachment.
            Assert.Matches($"tcp \\. 18480 comment \"hz:{sandboxId}/eth0@[0-9a-f]{{16}}\" : {Regex.Escape(ip)} \\. 80", ruleset);
            // One plugin, one exec: humanz-cni's ADD mapped the port; no chained humanz-portmap ran.
            var log = File.ReadAllLines(node.LogFile);
            Assert.Single(log, line => line.Contains($" type=humanz-cni ADD container={sandboxId} ", StringComparison.Ordinal) && line.Contains(" ok ", StringComparison.Ordinal));
            Assert.DoesNotContain(log, line => line.Contains("type=humanz-portmap", StringComparison.Ordinal));

            containerd.Runtime.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = sandboxId });
            containerd.Runtime.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
            sandboxId = null;

            node.AssertRulesetAsBeforeButTheEmptyHostPortLayout(Network, before);
            Assert.Empty(node.HostVeths());
            Assert.Empty(node.Leases(Network));
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{e.Message}\ncontainerd's log:\n{containerd.Log}", e);
        }
        finally
        {
            if (sandboxId is not null)
            {
                StopAndRemoveQuietly(containerd, sandboxId);
            }
        }
    }

    private static PodSandboxConfig SandboxConfig(string cgroupParent)
    {
        var uid = Guid.NewGuid().ToString("N");
        return new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"hzc-{uid[..6]}", Uid = uid, Namespace = "default" },
            Hostname = "hzc-pod",
            Linux = new LinuxPodSandboxConfig { CgroupParent = cgroupParent },
        };
    }

    /// <summary>The pod's netns path: the network namespace of the sandbox's OCI spec, in containerd's verbose status.</summary>
    private static string NetnsPath(PodSandboxStatusResponse status)
    {
        using var info = JsonDocument.Parse(status.Info["info"]);
        return info.RootElement.GetProperty("runtimeSpec").GetProperty("linux").GetProperty("namespaces").EnumerateArray()
            .Where(ns => ns.GetProperty("type").GetString() == "network")
            .Select(ns => ns.GetProperty("path").GetString())
            .FirstOrDefault() ?? throw new InvalidOperationException($"no network namespace path in {status.Info["info"]}");
    }

    private static (bool LoUp, List<string> Eth0Addresses) LookInside(string netns)
    {
        using var pod = NetworkNamespace.Open(netns);
        return pod.Run(() =>
        {
            using var netlink = RtNetlink.Open();
            var eth0 = netlink.GetLink("eth0") ?? throw new InvalidOperationException($"no eth0 in {netns}");
            return (netlink.GetLink("lo")!.IsUp, netlink.ListAddresses(eth0.Index).Select(a => a.Address.ToString()).ToList());
        });
    }

    private static bool InSubnet(string address) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && IPNetwork.Parse(Subnet).Contains(ip);

    /// <summary>
    /// containerd DELs each network on StopPodSandbox, with the netns, and again on RemovePodSandbox without
    /// CNI_NETNS (the netns is gone by then). The plugin logs one line per call: both must be there, and ok.
    /// </summary>
    private static void AssertBothDelsSucceeded(IEnumerable<string> log, string type, string sandboxId)
    {
        var dels = log.Where(line => line.Contains($" type={type} DEL container={sandboxId} ", StringComparison.Ordinal)).ToList();
        Assert.True(dels.Count == 2, $"expected 2 DELs of {type}, got:\n{string.Join('\n', dels)}");
        Assert.All(dels, line => Assert.Contains(" ok ", line, StringComparison.Ordinal));
        Assert.Contains(dels, line => line.Contains(" netns= ok ", StringComparison.Ordinal));
    }

    private static void StopAndRemoveQuietly(PrivateContainerd containerd, string sandboxId)
    {
        try
        {
            containerd.Runtime.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = sandboxId });
            containerd.Runtime.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = sandboxId });
        }
        catch (Grpc.Core.RpcException)
        {
            // The test already failed; Dispose still kills the shim and unmounts what is left.
        }
    }
}
