using System.Net;

namespace HumanzCni.Stages.PortMap;

/// <summary>One entry of runtimeConfig.portMappings: hostPort on the node (on <see cref="HostIp"/> only, when given) to containerPort in the pod.</summary>
internal sealed record PortMapping(int HostPort, int ContainerPort, string Protocol, IPAddress? HostIp);

/// <summary>The port mappings the runtime asked for (capability "portMappings").</summary>
internal sealed record PortMappings(IReadOnlyList<PortMapping> Mappings)
{
    /// <summary>The host ports of UDP mappings: the ones whose stale conntrack entries would blackhole new packets.</summary>
    public IReadOnlyCollection<int> UdpHostPorts => Mappings.Where(m => m.Protocol == "udp").Select(m => m.HostPort).ToHashSet();
}
