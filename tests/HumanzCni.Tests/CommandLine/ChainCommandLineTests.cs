using HumanzCni.AgentCli.Chain;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Tests.CommandLine;

/// <summary>`humanz-cni chain`'s command line into <see cref="ChainOptions"/>: verbs, env fallbacks, and what it refuses.</summary>
public sealed class ChainCommandLineTests
{
    private static readonly Dictionary<string, string> NoVariables = [];

    private static (ChainOptions? Options, IReadOnlyList<string> Errors) Parse(params string[] args) => Parse(NoVariables, args);

    private static (ChainOptions? Options, IReadOnlyList<string> Errors) Parse(Dictionary<string, string> variables, params string[] args) =>
        ChainCommandLine.Parse(variables.GetValueOrDefault, args);

    [Fact]
    public void Add_defaults_container_id_ifname_and_the_runtimes_usual_paths()
    {
        var (options, errors) = Parse("add", "net1", "/var/run/netns/pod1");

        Assert.Empty(errors);
        Assert.NotNull(options);
        Assert.Equal(CniCommand.Add, options.Command);
        Assert.Equal(("net1", "/var/run/netns/pod1", "chain-var-run-netns-pod1", "eth0"), (options.Network, options.Netns, options.ContainerId, options.IfName));
        Assert.Equal(("/etc/cni/net.d", "/var/lib/cni"), (options.ConfDir, options.CacheDir));
        Assert.Equal(["/opt/cni/bin"], options.CniPath);
        Assert.Null(options.CapabilityArgs);
        Assert.Empty(options.CniArgs);
        Assert.Empty(options.ValidAttachments);
    }

    [Fact]
    public void Options_go_before_or_after_the_verb_and_win_over_the_variables()
    {
        Dictionary<string, string> variables = new()
        {
            ["NETCONFPATH"] = "/env/conf",
            ["CNI_PATH"] = "/env/a:/env/b",
            ["CNI_CACHE_DIR"] = "/env/cache",
            ["CAP_ARGS"] = """{"bandwidth":{}}""",
            ["ARGS"] = "K8S_POD_NAME=env",
        };

        var (fromVariables, _) = Parse(variables, "del", "net1", "/ns", "c1", "eth1");
        var (fromOptions, errors) = Parse(variables, "--conf-dir", "/opt/conf", "check", "net1", "/ns", "c1", "--cni-path", "/opt/a:", "--cache-dir=/opt/cache",
            "--cap-args", """{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]}""", "--args", "K8S_POD_NAME=web-0;IgnoreUnknown=1");

        Assert.Equal((CniCommand.Del, "c1", "eth1"), (fromVariables!.Command, fromVariables.ContainerId, fromVariables.IfName));
        Assert.Equal(("/env/conf", "/env/cache"), (fromVariables.ConfDir, fromVariables.CacheDir));
        Assert.Equal(["/env/a", "/env/b"], fromVariables.CniPath);
        Assert.True(fromVariables.CapabilityArgs!.ContainsKey("bandwidth"));
        Assert.Equal([new("K8S_POD_NAME", "env")], fromVariables.CniArgs);

        Assert.Empty(errors);
        Assert.Equal((CniCommand.Check, "eth0"), (fromOptions!.Command, fromOptions.IfName));
        Assert.Equal(("/opt/conf", "/opt/cache"), (fromOptions.ConfDir, fromOptions.CacheDir));
        Assert.Equal(["/opt/a"], fromOptions.CniPath);
        Assert.True(fromOptions.CapabilityArgs!.ContainsKey("portMappings"));
        Assert.Equal([new("K8S_POD_NAME", "web-0"), new("IgnoreUnknown", "1")], fromOptions.CniArgs);
    }

    [Fact]
    public void Gc_takes_every_valid_attachment_and_status_the_network_only()
    {
        var (gc, gcErrors) = Parse("gc", "net1", "--valid", "c1/eth0", "--valid", "c2/net1");
        var (status, statusErrors) = Parse("status", "net1");

        Assert.Empty(gcErrors);
        Assert.Equal(CniCommand.Gc, gc!.Command);
        Assert.Equal(["c1/eth0", "c2/net1"], gc.ValidAttachments.Select(a => $"{a.ContainerId}/{a.IfName}"));
        Assert.Empty(statusErrors);
        Assert.Equal((CniCommand.Status, "net1", ""), (status!.Command, status.Network, status.Netns));
    }

    [Theory]
    [InlineData("--cap-args is not valid JSON", "add", "net1", "/ns", "--cap-args", "{portMappings")]
    [InlineData("--cap-args must be a JSON object", "add", "net1", "/ns", "--cap-args", "[1]")]
    [InlineData("--args: CNI_ARGS: \"K8S_POD_NAME\" is not of the form KEY=VALUE", "add", "net1", "/ns", "--args", "K8S_POD_NAME")]
    [InlineData("--valid takes CONTAINERID/IFNAME, got \"c1\"", "gc", "net1", "--valid", "c1")]
    [InlineData("unknown option --typo", "add", "net1", "/ns", "--typo")]
    public void A_bad_value_names_the_option_and_what_it_takes(string message, params string[] args)
    {
        var (options, errors) = Parse(args);

        Assert.Null(options);
        Assert.Contains(errors, error => error.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_variable_is_named_too()
    {
        var (options, errors) = Parse(new Dictionary<string, string> { ["CAP_ARGS"] = "{" }, "add", "net1", "/ns");

        Assert.Null(options);
        Assert.Contains(errors, error => error.StartsWith("CAP_ARGS is not valid JSON", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData]
    [InlineData("attach", "net1", "/ns")]
    [InlineData("add", "net1")]
    [InlineData("add", "net1", "/ns", "c1", "eth0", "extra")]
    [InlineData("status", "net1", "/ns")]
    [InlineData("add", "net1", "/ns", "--valid", "c1/eth0")]
    public void A_missing_or_unknown_verb_or_argument_is_refused(params string[] args)
    {
        var (options, errors) = Parse(args);

        Assert.Null(options);
        Assert.NotEmpty(errors);
    }
}
