using System.Diagnostics;
using System.Net;
using HumanzCni.IntegrationTests.Cri;
using HumanzCni.IntegrationTests.Cri.Api;

namespace HumanzCni.CriBench;

/// <summary>
/// One pod sandbox's life through the CRI, as the kubelet drives it: RunPodSandbox with one TCP port mapping (the
/// CNI ADDs of lo and eth0), StopPodSandbox (the DELs, with the netns) and RemovePodSandbox (the DELs again, without
/// it), each call timed on the client. Between Run and Stop, untimed, the sandbox must be ready with an address in
/// the setup's subnet.
/// </summary>
internal static class SandboxCycle
{
    public static IReadOnlyList<(string Call, TimeSpan Elapsed)> Run(PrivateContainerd containerd, CniSetup setup)
    {
        var uid = Guid.NewGuid().ToString("N");
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = $"hzcb-{setup.Name}-{uid[..6]}", Uid = uid, Namespace = "default" },
            Hostname = "hzcb-pod",
            Linux = new LinuxPodSandboxConfig { CgroupParent = containerd.CgroupParent },
        };
        config.PortMappings.Add(new PortMapping { Protocol = Protocol.Tcp, ContainerPort = 80, HostPort = setup.HostPort });

        var clock = Stopwatch.StartNew();
        var id = containerd.Runtime.RunPodSandbox(new RunPodSandboxRequest { Config = config }).PodSandboxId;
        var run = clock.Elapsed;
        try
        {
            Check(containerd.Runtime.PodSandboxStatus(new PodSandboxStatusRequest { PodSandboxId = id }).Status, setup);
        }
        catch
        {
            containerd.Runtime.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = id });
            containerd.Runtime.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = id });
            throw;
        }

        clock.Restart();
        containerd.Runtime.StopPodSandbox(new StopPodSandboxRequest { PodSandboxId = id });
        var stop = clock.Elapsed;
        clock.Restart();
        containerd.Runtime.RemovePodSandbox(new RemovePodSandboxRequest { PodSandboxId = id });
        var remove = clock.Elapsed;
        return [("Run", run), ("Stop", stop), ("Remove", remove), ("Stop+Remove", stop + remove)];
    }

    private static void Check(PodSandboxStatus status, CniSetup setup)
    {
        if (status.State != PodSandboxState.SandboxReady)
        {
            throw new InvalidOperationException($"{setup.Name}: sandbox {status.Id} is {status.State}, not ready");
        }

        if (setup.Subnet is { } subnet && !(IPAddress.TryParse(status.Network.Ip, out var ip) && subnet.Contains(ip)))
        {
            throw new InvalidOperationException($"{setup.Name}: sandbox {status.Id} has address '{status.Network.Ip}', not in {subnet}");
        }
    }
}
