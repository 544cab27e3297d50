namespace HumanzCni.IntegrationTests.Demo;

/// <summary>`humanz-cni demo`, the README's first command, run as a person runs it: the published binary, to completion.</summary>
public sealed class ClusterDemoTests
{
    /// <summary>What every namespace (/var/run/netns), temp dir and process command line of the demo carries.</summary>
    private const string Prefix = "hzd-";

    [Fact]
    public void Demo_shows_no_route_failures_then_ping_and_http_across_nodes_a_table_and_leaves_nothing_behind()
    {
        var result = ProcessRunner.Run(PluginBinary.Path, ["demo"], timeout: TimeSpan.FromSeconds(120));
        var output = result.StandardOutput;

        Assert.True(result.ExitCode == 0, output + result.StandardError);
        Assert.DoesNotContain("[FAIL]", output, StringComparison.Ordinal);
        Assert.Contains("[ ok ] pod on node1 -> pod on node2 (100.100.1.2) fails without routes: no reply", output, StringComparison.Ordinal);
        Assert.Contains("[ ok ] ping pod on node1 -> pod on node3 (100.100.2.2): reply in", output, StringComparison.Ordinal);
        Assert.Contains("[ ok ] ping node2 itself -> pod on node3 (100.100.2.2): reply in", output, StringComparison.Ordinal);
        Assert.Contains("[ ok ] HTTP GET http://100.100.2.2:8080/ from the pod on node1 (100.100.0.2): \"HTTP/1.0 200 OK\", the server on node3 saw client 100.100.0.2", output, StringComparison.Ordinal);
        // The failure comes before the agents, the success after them.
        Assert.True(output.IndexOf("fails without routes", StringComparison.Ordinal) < output.IndexOf("start humanz-cni agent", StringComparison.Ordinal));
        Assert.True(output.IndexOf("start humanz-cni agent", StringComparison.Ordinal) < output.IndexOf("[ ok ] ping pod", StringComparison.Ordinal));

        Assert.Matches(@"node\s+address\s+subnet\s+pods\s+routes", output);
        Assert.Matches(@"node1\s+200\.0\.0\.10\s+100\.100\.0\.0/24\s+100\.100\.0\.2\s+100\.100\.1\.0/24 via 200\.0\.0\.20", output);
        Assert.Matches(@"\s+100\.100\.2\.0/24 via 200\.0\.0\.30", output);
        Assert.Contains("demo passed", output, StringComparison.Ordinal);

        Assert.Empty(Directory.GetFiles("/var/run/netns", Prefix + "*"));
        Assert.Empty(Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"));
        Assert.Empty(ProcessesMentioning(Prefix));
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
