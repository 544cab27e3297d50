namespace HumanzCni.IntegrationTests.Demo;

/// <summary>`humanz-cni demo`, the README's first command, run as a person runs it: the published binary, to completion.</summary>
public sealed class ClusterDemoTests
{
    /// <summary>What every namespace (/var/run/netns), temp dir and process command line of the demo carries.</summary>
    private const string Prefix = "hzd-";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Demo_shows_no_route_failures_host_gw_stopped_by_the_router_then_vxlan_across_it_a_table_and_leaves_nothing_behind(bool staticCluster)
    {
        var result = ProcessRunner.Run(PluginBinary.Path, ["demo", .. staticCluster ? ["--static-cluster"] : Array.Empty<string>()], timeout: TimeSpan.FromSeconds(120));
        var output = result.StandardOutput;

        Assert.True(result.ExitCode == 0, output + result.StandardError);
        Assert.DoesNotContain("[FAIL]", output, StringComparison.Ordinal);
        Assert.Contains(staticCluster ? "A static cluster file for the agents (--static-cluster)" : "serving 200.0.0.2:2379", output, StringComparison.Ordinal);
        Assert.Contains("node2: namespace hzd-node-", output, StringComparison.Ordinal);
        Assert.Contains("eth1 200.0.1.20/24 on switch 2, behind the router", output, StringComparison.Ordinal);
        Assert.Contains("[ ok ] pod on node1 -> pod on node2 (100.100.1.2) fails without routes: no reply", output, StringComparison.Ordinal);

        // host-gw: node1 and node3 share a switch and reach each other; node2, behind the router, is out of reach.
        var hostGw = Section(output, "start humanz-cni agent --backend host-gw", "restart humanz-cni agent --backend vxlan");
        Assert.Contains("[ ok ] node1 and node3 (switch 1) route each other's subnets; no node routes node2's: the kernel refuses 100.100.1.0/24 via 200.0.1.20", hostGw, StringComparison.Ordinal);
        Assert.Contains("[ ok ] ping pod on node1 -> pod on node3 (100.100.2.2): reply in", hostGw, StringComparison.Ordinal);
        Assert.Contains("[ ok ] pod on node1 -> pod on node2 (100.100.1.2) fails with host-gw: no reply within 0.5 s", hostGw, StringComparison.Ordinal);
        Assert.Contains("[ ok ] pod on node2 -> pod on node3 (100.100.2.2) fails with host-gw: no reply within 0.5 s", hostGw, StringComparison.Ordinal);

        // vxlan: every pod reaches every pod through the router, and the server sees the client pod's own address.
        var vxlan = Section(output, "restart humanz-cni agent --backend vxlan", "Clean-up");
        Assert.Contains("[ ok ] node2: restart humanz-cni agent --backend vxlan: holds 100.100.1.0/24 (its pod's subnet)", vxlan, StringComparison.Ordinal);
        Assert.Contains("node2 2 routes, 2 neighbours, 2 fdb", vxlan, StringComparison.Ordinal);
        Assert.Contains("[ ok ] ping pod on node1 -> pod on node2 (100.100.1.2): reply in", vxlan, StringComparison.Ordinal);
        Assert.Contains("[ ok ] ping pod on node2 -> pod on node3 (100.100.2.2): reply in", vxlan, StringComparison.Ordinal);
        Assert.Contains("[ ok ] ping node1 itself -> pod on node2 (100.100.1.2): reply in", vxlan, StringComparison.Ordinal);
        Assert.Contains("[ ok ] HTTP GET http://100.100.2.2:8080/ from the pod on node2 (100.100.1.2): \"HTTP/1.0 200 OK\", the server on node3 saw client 100.100.1.2", vxlan, StringComparison.Ordinal);

        // The table, read over netlink: per peer one line with its route, neighbour (VTEP -> MAC) and FDB entry (MAC -> node).
        Assert.Matches(@"node\s+address\s+subnet\s+pods\s+routes \(agent, proto 0x69\)\s+neighbours \(humanz\.1\)\s+fdb \(humanz\.1\)", output);
        Assert.Matches(@"node1\s+200\.0\.0\.10\s+100\.100\.0\.0/24\s+100\.100\.0\.2\s+100\.100\.1\.0/24 via 100\.100\.1\.0 dev humanz\.1 onlink\s+100\.100\.1\.0 lladdr (?<mac>[0-9a-f:]{17})\s+\k<mac> dst 200\.0\.1\.20\n", output);
        Assert.Matches(@"\n\s+100\.100\.2\.0/24 via 100\.100\.2\.0 dev humanz\.1 onlink\s+100\.100\.2\.0 lladdr (?<mac>[0-9a-f:]{17})\s+\k<mac> dst 200\.0\.0\.30\n", output);
        Assert.Matches(@"node2\s+200\.0\.1\.20\s+100\.100\.1\.0/24\s+100\.100\.1\.2\s+100\.100\.0\.0/24 via 100\.100\.0\.0 dev humanz\.1 onlink", output);
        Assert.Contains("demo passed", output, StringComparison.Ordinal);

        Assert.Empty(Directory.GetFiles("/var/run/netns", Prefix + "*"));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"));
        Assert.Empty(ProcessesMentioning(Prefix));
    }

    /// <summary>The output from the first line containing <paramref name="from"/> up to the first containing <paramref name="to"/> after it.</summary>
    private static string Section(string output, string from, string to)
    {
        var start = output.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no \"{from}\" in:\n{output}");
        var end = output.IndexOf(to, start, StringComparison.Ordinal);
        Assert.True(end >= 0, $"no \"{to}\" after \"{from}\" in:\n{output}");
        return output[start..end];
    }

    private static List<string> ProcessesMentioning(string text)
    {
        var found = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(dir)}: {commandLine}");
                }
            }
            catch (IOException)
            {
                // Ended meanwhile.
            }
        }

        return found;
    }
}
