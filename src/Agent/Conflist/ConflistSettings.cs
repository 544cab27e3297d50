namespace HumanzCni.Agent.Conflist;

/// <summary>
/// What the template needs besides the node's subnet, from the command line of `agent` and `install`:
/// network name, bridge, MTU, where the plugin logs and keeps leases, masquerading, and which capabilities to serve, by humanz-cni itself or by chained plugins.
/// </summary>
internal sealed record ConflistSettings
{
    public const string DefaultConfDir = "/etc/cni/net.d";

    public string ConfDir { get; init; } = DefaultConfDir;

    /// <summary>The file in the conf dir; runtimes take the first by name, hence the number.</summary>
    public string FileName { get; init; } = "10-humanz-cni.conflist";

    /// <summary>A Scriban template file; null for the default one built into the binary.</summary>
    public string? TemplatePath { get; init; }

    public string NetworkName { get; init; } = "humanz-cni";

    public string CniVersion { get; init; } = "1.0.0";

    public string Bridge { get; init; } = "humanz-cni0";

    public int Mtu { get; init; } = 1500;

    /// <summary>--mtu was given: the pods get <see cref="Mtu"/> whatever the backend would choose (VXLAN: the underlay's minus 50 or 70).</summary>
    public bool MtuGiven { get; init; }

    public string? PluginLogFile { get; init; }

    public string? IpamDataDir { get; init; }

    /// <summary>Masquerade pod traffic leaving the node, except to <see cref="NonMasqueradeCidrs"/>.</summary>
    public bool IpMasq { get; init; }

    /// <summary>Destinations that see pods' own addresses, typically the cluster's pod range.</summary>
    public IReadOnlyList<string> NonMasqueradeCidrs { get; init; } = [];

    /// <summary>Serve the portMappings capability (the kubelet's hostPorts).</summary>
    public bool PortMap { get; init; }

    /// <summary>Serve the bandwidth capability (the kubelet's bandwidth annotations).</summary>
    public bool Bandwidth { get; init; }

    /// <summary>
    /// Serve <see cref="PortMap"/> and <see cref="Bandwidth"/> by humanz-portmap / humanz-bandwidth chained after
    /// humanz-cni, rather than by humanz-cni itself (the default: one exec per pod).
    /// </summary>
    public bool Chained { get; init; }

    public string FilePath => Path.Combine(ConfDir, FileName);
}
