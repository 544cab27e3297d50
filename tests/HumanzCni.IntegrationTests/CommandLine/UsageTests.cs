namespace HumanzCni.IntegrationTests.CommandLine;

/// <summary>
/// The published binaries' command lines: --help/-h prints the usage on stdout and exits 0 for every command,
/// through humanz-cni (which hands every command to humanz-cni-agent) and humanz-cni-agent itself; a mistake
/// prints the error and the usage on stderr and exits 2, before anything runs.
/// </summary>
public sealed class UsageTests
{
    public static TheoryData<string, string[], string> HelpRequests()
    {
        var data = new TheoryData<string, string[], string>();
        (string[] Command, string Shows)[] commands =
        [
            ([], "chain"),
            (["chain"], "status"),
            (["chain", "add"], "<NETNS>"),
            (["chain", "check"], "<NETNS>"),
            (["chain", "del"], "<NETNS>"),
            (["chain", "gc"], "--valid"),
            (["chain", "status"], "--conf-dir"),
            (["agent"], "--cluster-cidr"),
            (["install"], "--subnet"),
            (["demo"], "hzd-"),
        ];
        foreach (var binary in new[] { "humanz-cni", "humanz-cni-agent" })
        {
            foreach (var (command, shows) in commands)
            {
                foreach (var help in new[] { "--help", "-h" })
                {
                    data.Add(binary, [.. command, help], shows);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HelpRequests))]
    public void Help_prints_the_usage_on_stdout_and_exits_0(string binary, string[] args, string shows)
    {
        var result = Run(binary, args);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Contains("Usage:", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(shows, result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(result.StandardError);
    }

    [Theory]
    [InlineData("humanz-cni")]
    [InlineData("humanz-cni-agent")]
    public void The_usage_names_the_binary_it_was_started_as(string binary)
    {
        Assert.Contains($"{binary} agent [options]", Run(binary, ["agent", "--help"]).StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("humanz-cni", new[] { "--bogus" }, "'--bogus'")]
    [InlineData("humanz-cni", new[] { "bogus" }, "'bogus'")]
    [InlineData("humanz-cni", new[] { "chain", "add", "net1", "/ns", "--bogus" }, "unknown option --bogus")]
    [InlineData("humanz-cni", new[] { "chain" }, "Required command")]
    [InlineData("humanz-cni", new[] { "chain", "add", "net1", "/ns", "--cap-args", "{" }, "--cap-args is not valid JSON")]
    [InlineData("humanz-cni-agent", new[] { "agent", "--bogus" }, "'--bogus'")]
    [InlineData("humanz-cni-agent", new[] { "agent", "--static-cluster", "c.json", "--mtu", "1" }, "--mtu must be a whole number from 68 to 65535, not '1'")]
    [InlineData("humanz-cni-agent", new[] { "agent", "--static-cluster", "c.json", "--backend", "vxlan", "--vxlan-vni", "16777216" }, "--vxlan-vni must be a whole number from 1 to 16777215, not '16777216'")]
    [InlineData("humanz-cni-agent", new[] { "agent", "--static-cluster", "c.json", "--direct-routing" }, "--direct-routing configures the VXLAN overlay: it needs --backend vxlan")]
    [InlineData("humanz-cni", new[] { "agent", "--etcd", "http://200.0.0.2:2379", "--node-address", "200.0.0.10", "--cluster-cidr", "100.100.0.1/16" }, "--cluster-cidr '100.100.0.1/16' is not a CIDR")]
    [InlineData("humanz-cni", new[] { "agent", "--static-cluster" }, "--static-cluster")]
    [InlineData("humanz-cni", new[] { "install", "--subnet", "100.100.1.0/24", "--bin-dir" }, "--bin-dir")]
    [InlineData("humanz-cni", new[] { "demo", "--bogus" }, "'--bogus'")]
    public void A_mistake_prints_the_error_and_the_usage_on_stderr_and_exits_2(string binary, string[] args, string error)
    {
        var result = Run(binary, args);

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.StandardError}");
        Assert.Contains(error, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Usage:", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.StandardOutput, StringComparison.Ordinal);
    }

    private static ProcessResult Run(string binary, string[] args) =>
        ProcessRunner.Run(Path.Combine(PluginBinary.Directory, binary), args, timeout: TimeSpan.FromSeconds(30));
}
