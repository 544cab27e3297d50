using System.CommandLine;
using HumanzCni.CommandLine;

namespace HumanzCni.Agent.Conflist;

/// <summary>
/// The options `agent` and `install` share for rendering the conflist, and how a parse of them becomes
/// <see cref="ConflistSettings"/>. Each command gets its own instance: an option belongs to one command.
/// To add one: a field here, listed in <see cref="AddTo"/>, read in <see cref="Read"/>.
/// </summary>
internal sealed class ConflistCommandLine
{
    private static readonly ConflistSettings Defaults = new();

    private readonly Option<string> _confDir = OptionValues.Text("--conf-dir", "DIR", Defaults.ConfDir, "where the node's conflist is written");
    private readonly Option<string> _conflistName = OptionValues.Text("--conflist-name", "FILE", Defaults.FileName, "the conflist's file name (runtimes take the first by name)");
    private readonly Option<string?> _template = new("--template") { HelpName = "FILE.sbn", Description = "a Scriban template for the conflist [default: built in]" };
    private readonly Option<string> _networkName = OptionValues.Text("--network-name", "NAME", Defaults.NetworkName, "the network's name in the conflist");
    private readonly Option<string> _cniVersion = OptionValues.Text("--cni-version", "V", Defaults.CniVersion, "the conflist's cniVersion");
    private readonly Option<string> _bridge = OptionValues.Text("--bridge", "NAME", Defaults.Bridge, "the node bridge");
    private readonly Option<int> _mtu = OptionValues.IntInRange("--mtu", Defaults.Mtu, 68, 65535, "MTU of the pods' veths and the bridge [agent with --backend vxlan: the underlay's minus 50 (IPv4) or 70 (IPv6)]");
    private readonly Option<string?> _pluginLogFile = new("--plugin-log-file") { HelpName = "PATH", Description = "the plugin's logFile [default: left out]" };
    private readonly Option<string?> _ipamDataDir = new("--ipam-data-dir") { HelpName = "DIR", Description = "the plugin's ipam.dataDir [default: left out]" };
    private readonly Option<bool> _ipMasq = new("--ip-masq") { Description = "masquerade pod traffic leaving the node (ipMasq)" };
    private readonly Option<string?> _nonMasqueradeCidrs = new("--non-masquerade-cidrs")
    {
        HelpName = "CIDR[,CIDR...]",
        Description = "with --ip-masq: destinations that see pods' own addresses [default: agent: the --cluster-cidr]",
    };

    private readonly Option<bool> _portMap = new("--portmap") { Description = "serve host ports (capability portMappings), in humanz-cni itself or, with --chained, by humanz-portmap" };
    private readonly Option<bool> _bandwidth = new("--bandwidth") { Description = "serve bandwidth limits (capability bandwidth), in humanz-cni itself or, with --chained, by humanz-bandwidth" };
    private readonly Option<bool> _chained = new("--chained") { Description = "with --portmap/--bandwidth: chain humanz-portmap/humanz-bandwidth after humanz-cni instead (one exec per plugin)" };

    public void AddTo(Command command)
    {
        Option[] options = [_confDir, _conflistName, _template, _networkName, _cniVersion, _bridge, _mtu, _pluginLogFile, _ipamDataDir, _ipMasq, _nonMasqueradeCidrs, _portMap, _bandwidth, _chained];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    public ConflistSettings Read(ParseResult result) => new()
    {
        ConfDir = result.GetRequiredValue(_confDir),
        FileName = result.GetRequiredValue(_conflistName),
        TemplatePath = result.GetValue(_template),
        NetworkName = result.GetRequiredValue(_networkName),
        CniVersion = result.GetRequiredValue(_cniVersion),
        Bridge = result.GetRequiredValue(_bridge),
        Mtu = result.GetValue(_mtu),
        MtuGiven = result.GetResult(_mtu) is { Implicit: false },
        PluginLogFile = result.GetValue(_pluginLogFile),
        IpamDataDir = result.GetValue(_ipamDataDir),
        IpMasq = result.GetValue(_ipMasq),
        NonMasqueradeCidrs = (result.GetValue(_nonMasqueradeCidrs) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        PortMap = result.GetValue(_portMap),
        Bandwidth = result.GetValue(_bandwidth),
        Chained = result.GetValue(_chained),
    };
}
