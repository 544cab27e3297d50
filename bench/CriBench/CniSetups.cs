using System.Net;

namespace HumanzCni.CriBench;

/// <summary>
/// The three setups, each with bin and conf dirs of its own under the node's temp dir, as a node would have them:
/// humanz-cni as `install` puts it there (one plugin declaring portMappings and bandwidth; loopback linked to
/// humanz-cni), the reference plugins (bridge + host-local + portmap, their own loopback), and the floor (the no-op
/// plugin for eth0 and for lo: what containerd and libcni cost when the plugins do nothing).
/// </summary>
internal static class CniSetups
{
    public static IReadOnlyList<CniSetup> Create(TestNode node, string noopPlugin) =>
    [
        HumanzCni(node),
        Reference(node),
        Floor(node, noopPlugin),
    ];

    private static CniSetup HumanzCni(TestNode node)
    {
        var subnet = IPNetwork.Parse("100.100.43.0/24");
        var setup = Directories(node, "hz", 18580, subnet);
        ProcessRunner.Run(PluginBinary.Path,
        [
            "install", "--bin-dir", setup.BinDir, "--conf-dir", setup.ConfDir, "--subnet", subnet.ToString(), "--portmap", "--bandwidth",
            "--ipam-data-dir", Path.Combine(node.DataDir, "hz"), "--plugin-log-file", node.LogFile, "--network-name", "hzc-net",
        ]).EnsureSuccess("humanz-cni install");
        return setup;
    }

    private static CniSetup Reference(TestNode node)
    {
        var setup = Directories(node, "ref", 18581, IPNetwork.Parse("100.101.43.0/24"));
        foreach (var plugin in new[] { "bridge", "host-local", "portmap", "loopback" })
        {
            File.CreateSymbolicLink(Path.Combine(setup.BinDir, plugin), Path.Combine(PluginBinary.ReferencePluginDirectory, plugin));
        }

        File.WriteAllText(Path.Combine(setup.ConfDir, "10-ref.conflist"), $$$"""
            {"cniVersion":"1.0.0","name":"ref-net","plugins":[
              {"type":"bridge","bridge":"crb0","isGateway":true,"ipMasq":false,"hairpinMode":true,
               "ipam":{"type":"host-local","ranges":[[{"subnet":"{{{setup.Subnet}}}"}]],"routes":[{"dst":"0.0.0.0/0"}],"dataDir":"{{{Path.Combine(node.DataDir, "ref")}}}"}},
              {"type":"portmap","capabilities":{"portMappings":true},"snat":true}]}
            """);
        return setup;
    }

    private static CniSetup Floor(TestNode node, string noopPlugin)
    {
        var setup = Directories(node, "floor", 18582, subnet: null);
        var noop = Path.Combine(setup.BinDir, "hz-noop");
        File.Copy(noopPlugin, noop);
        File.CreateSymbolicLink(Path.Combine(setup.BinDir, "loopback"), noop);
        File.WriteAllText(Path.Combine(setup.ConfDir, "10-floor.conflist"), """{"cniVersion":"1.0.0","name":"floor-net","plugins":[{"type":"hz-noop"}]}""");
        return setup;
    }

    private static CniSetup Directories(TestNode node, string name, int hostPort, IPNetwork? subnet)
    {
        var setup = new CniSetup(name, Path.Combine(node.Directory, name, "bin"), Path.Combine(node.Directory, name, "net.d"), hostPort, subnet);
        Directory.CreateDirectory(setup.BinDir);
        Directory.CreateDirectory(setup.ConfDir);
        return setup;
    }
}
