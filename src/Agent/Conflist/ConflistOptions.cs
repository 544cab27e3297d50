using HumanzCni.Agent.Hosting;

namespace HumanzCni.Agent.Conflist;

/// <summary>The command-line options `agent` and `install` share for rendering the conflist.</summary>
public static class ConflistOptions
{
    public static readonly string[] ValueNames =
        ["--conf-dir", "--conflist-name", "--template", "--network-name", "--cni-version", "--bridge", "--mtu", "--plugin-log-file", "--ipam-data-dir", "--non-masquerade-cidrs"];

    public static readonly string[] FlagNames = ["--portmap", "--bandwidth", "--ip-masq"];

    public const string Usage = """
          conflist: --conf-dir DIR (/etc/cni/net.d) --conflist-name FILE (10-humanz-cni.conflist) --template FILE.sbn (built-in)
                    --network-name NAME (humanz-cni) --cni-version V (1.0.0) --bridge NAME (humanz-cni0) --mtu N (1500)
                    --plugin-log-file PATH --ipam-data-dir DIR --portmap --bandwidth (chain humanz-portmap / humanz-bandwidth)
                    --ip-masq [--non-masquerade-cidrs CIDR,CIDR (agent: the --cluster-cidr)] (masquerade traffic leaving the node)
        """;

    public static ConflistSettings Read(OptionReader options) => new()
    {
        ConfDir = options.String("--conf-dir") ?? ConflistSettings.DefaultConfDir,
        FileName = options.String("--conflist-name") ?? "10-humanz-cni.conflist",
        TemplatePath = options.String("--template"),
        NetworkName = options.String("--network-name") ?? "humanz-cni",
        CniVersion = options.String("--cni-version") ?? "1.0.0",
        Bridge = options.String("--bridge") ?? "humanz-cni0",
        Mtu = options.Int("--mtu", 1500, 68, 65535),
        PluginLogFile = options.String("--plugin-log-file"),
        IpamDataDir = options.String("--ipam-data-dir"),
        IpMasq = options.Flag("--ip-masq"),
        NonMasqueradeCidrs = (options.String("--non-masquerade-cidrs") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        PortMap = options.Flag("--portmap"),
        Bandwidth = options.Flag("--bandwidth"),
    };
}
