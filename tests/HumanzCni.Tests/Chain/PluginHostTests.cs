using System.Text;
using System.Text.Json.Nodes;
using HumanzCni.Chain.Hosting;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages;

namespace HumanzCni.Tests.Chain;

/// <summary>
/// PluginHost end to end in-process, with a fake plugin type built from test stages, so every protocol rule
/// (VERSION, error codes, version gates, case-insensitive keys, one JSON document on stdout) is checked
/// without a kernel.
/// </summary>
public sealed class PluginHostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hz-host-").FullName;

    private string LogFile => Path.Combine(_directory, "plugin.log");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static PluginTypeRegistry Registry(params Func<IStage>[] stages)
    {
        var builder = new PluginTypeBuilder("fake");
        foreach (var stage in stages)
        {
            builder.Use(stage);
        }

        return new PluginTypeRegistry().Add(builder.Build()).Add(new PluginTypeBuilder("other").Use(() => new FixedResultStage()).Build());
    }

    private static PluginTypeRegistry FixedResult() => Registry(() => new FixedResultStage());

    /// <summary>A config for the fake type; the log goes to the test's temp dir, never /var/log.</summary>
    private string Config(string cniVersion = "1.0.0", string type = "fake", JsonObject? extra = null)
    {
        var config = new JsonObject { ["cniVersion"] = cniVersion, ["name"] = "test-net", ["type"] = type, ["logFile"] = LogFile };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value?.DeepClone();
        }

        return config.ToJsonString();
    }

    [Fact]
    public void Version_answers_in_the_requested_version_with_every_supported_version()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.Only(("CNI_COMMAND", "VERSION")), """{"cniVersion":"0.4.0"}""");

        Assert.Equal(0, output.ExitCode);
        var json = output.Json();
        Assert.Equal("0.4.0", json.GetProperty("cniVersion").GetString());
        Assert.Equal(["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"], json.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void Version_is_answered_without_composing_the_plugin_types_and_add_composes_them_once()
    {
        var compositions = 0;
        var host = new PluginHost(() => { compositions++; return FixedResult(); }, _ => null);
        string Call(Func<string, string?> environment)
        {
            using var input = new MemoryStream(Encoding.UTF8.GetBytes(Config()));
            using var output = new MemoryStream();
            Assert.Equal(0, host.Run(environment, input, output));
            return Encoding.UTF8.GetString(output.ToArray());
        }

        Assert.Contains("supportedVersions", Call(TestEnvironment.Only(("CNI_COMMAND", "VERSION"))), StringComparison.Ordinal);
        Assert.Equal(0, compositions);

        Call(TestEnvironment.For("ADD"));
        Call(TestEnvironment.For("ADD"));
        Assert.Equal(1, compositions);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("""{"cniVersion":"9.9.9"}""")]
    public void Version_still_answers_in_the_latest_version_when_stdin_is_empty_garbage_or_unknown(string stdin)
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.Only(("CNI_COMMAND", "VERSION")), stdin);

        Assert.Equal(0, output.ExitCode);
        Assert.Equal("1.1.0", output.Json().GetProperty("cniVersion").GetString());
    }

    [Fact]
    public void Add_prints_the_result_in_the_configs_version_and_exits_0()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config("1.0.0"));

        Assert.Equal(0, output.ExitCode);
        var json = output.Json();
        Assert.Equal("1.0.0", json.GetProperty("cniVersion").GetString());
        Assert.Equal("10.0.0.5/24", json.GetProperty("ips")[0].GetProperty("address").GetString());
    }

    [Fact]
    public void Del_prints_nothing_on_success()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("DEL"), Config());

        Assert.Equal(0, output.ExitCode);
        Assert.Equal("", output.Stdout);
    }

    [Theory]
    [InlineData("{", "1.1.0")]
    [InlineData("""{"cniVersion": 1.0}""", "1.1.0")] // a number where Go expects a string
    [InlineData("""{"cniVersion":"1.0.0","name":"n","type":"fake"} trailing""", "1.0.0")]
    [InlineData("[]", "1.1.0")]
    [InlineData("null", "1.1.0")]
    [InlineData("   ", "1.1.0")]
    public void Undecodable_config_is_code_6(string stdin, string errorVersion)
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), stdin);

        Assert.Equal(CniErrorCode.DecodeFailure, output.ErrorCode);

        // The caller's cniVersion when it can be read before the input breaks, else the latest.
        Assert.Equal(errorVersion, output.ErrorJson().GetProperty("cniVersion").GetString());
    }

    [Fact]
    public void Config_that_is_not_utf8_is_code_6_not_a_crash()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), [0xFF, 0xFE, (byte)'{', (byte)'}']);

        Assert.Equal(CniErrorCode.DecodeFailure, output.ErrorCode);
    }

    [Theory]
    [InlineData("0.2.0")]
    [InlineData("2.0.0")]
    [InlineData("")]
    public void Unsupported_or_missing_version_is_code_1_listing_the_supported_ones(string version)
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config(version));

        Assert.Equal(CniErrorCode.IncompatibleVersion, output.ErrorCode);
        Assert.Contains("0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0", output.ErrorMessage);
    }

    [Fact]
    public void Unknown_type_is_code_7_listing_the_served_types()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config(type: "bridge"));

        Assert.Equal(CniErrorCode.InvalidConfig, output.ErrorCode);
        Assert.Equal("type \"bridge\" is not served by this binary; use one of: fake, other", output.ErrorMessage);
        Assert.Equal("1.0.0", output.ErrorJson().GetProperty("cniVersion").GetString()); // errors answer in the config's version once known
    }

    [Fact]
    public void The_configs_type_decides_even_when_the_binary_was_started_under_another_served_types_name()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config(type: "other"), invokedAs: "fake");

        Assert.Equal(0, output.ExitCode);
        Assert.Equal("10.0.0.5/24", output.Json().GetProperty("ips")[0].GetProperty("address").GetString());
    }

    [Fact]
    public void A_type_not_served_by_a_binary_started_under_a_served_types_name_is_code_7_naming_both()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config(type: "humanz-portmap"), invokedAs: "fake");

        Assert.Equal(CniErrorCode.InvalidConfig, output.ErrorCode);
        Assert.Contains("type \"humanz-portmap\"", output.ErrorMessage);
        Assert.Contains("started as \"fake\"", output.ErrorMessage);
        Assert.Contains("one of: fake, other", output.ErrorMessage);
    }

    [Fact]
    public void A_binary_started_under_a_name_it_does_not_serve_keeps_the_plain_unknown_type_error()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config(type: "bridge"), invokedAs: "humanz-cni-copy");

        Assert.Equal(CniErrorCode.InvalidConfig, output.ErrorCode);
        Assert.Equal("type \"bridge\" is not served by this binary; use one of: fake, other", output.ErrorMessage);
    }

    [Fact]
    public void A_config_without_type_is_code_7_listing_the_served_types()
    {
        var config = new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "test-net", ["logFile"] = LogFile }.ToJsonString();

        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), config, invokedAs: "fake");

        Assert.Equal(CniErrorCode.InvalidConfig, output.ErrorCode);
        Assert.Equal("the config has no \"type\"; set one of: fake, other", output.ErrorMessage);
    }

    [Fact]
    public void Check_at_0_3_1_is_code_1_because_check_exists_from_0_4_0()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("CHECK"), Config("0.3.1"));

        Assert.Equal(CniErrorCode.IncompatibleVersion, output.ErrorCode);
        Assert.Equal("config version 0.3.1 does not allow CHECK; it exists from cniVersion 0.4.0 on", output.ErrorMessage);
    }

    [Theory]
    [InlineData("GC")]
    [InlineData("STATUS")]
    public void Gc_and_status_at_1_0_0_are_code_1_because_they_exist_from_1_1_0(string verb)
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.Only(("CNI_COMMAND", verb)), Config("1.0.0"));

        Assert.Equal(CniErrorCode.IncompatibleVersion, output.ErrorCode);
        Assert.Equal($"config version 1.0.0 does not allow {verb}; it exists from cniVersion 1.1.0 on", output.ErrorMessage);
    }

    [Theory]
    [InlineData("GC")]
    [InlineData("STATUS")]
    public void Gc_and_status_at_1_1_0_succeed_silently(string verb)
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.Only(("CNI_COMMAND", verb)), Config("1.1.0"));

        Assert.Equal(0, output.ExitCode);
        Assert.Equal("", output.Stdout);
    }

    [Fact]
    public void A_config_without_log_file_logs_to_the_hosts_default_and_one_with_it_logs_there_alone()
    {
        var defaultLog = Path.Combine(_directory, "default.log");
        var withoutLogFile = new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "test-net", ["type"] = "fake" }.ToJsonString();

        var first = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), withoutLogFile, defaultLogFile: defaultLog);
        var second = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config(), defaultLogFile: defaultLog);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Single(File.ReadAllLines(defaultLog), line => line.Contains("ADD", StringComparison.Ordinal));
        Assert.Single(File.ReadAllLines(LogFile), line => line.Contains("ADD", StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_match_case_insensitively_like_gos_decoder()
    {
        var stdin = $$"""{"CNIVERSION":"1.0.0","Name":"test-net","TYPE":"fake","LogFile":"{{LogFile}}"}""";

        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), stdin);

        Assert.Equal(0, output.ExitCode);
        Assert.Equal("1.0.0", output.Json().GetProperty("cniVersion").GetString());
        Assert.True(File.Exists(LogFile), "LogFile (any case) must be honoured too");
    }

    [Fact]
    public void A_0_4_0_prev_result_is_read_for_a_1_0_0_config_and_printed_in_1_0_0()
    {
        var prevResult = JsonNode.Parse("""
            {
              "cniVersion": "0.4.0",
              "interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:02", "sandbox": "/var/run/netns/pod-1"}],
              "ips": [{"version": "4", "interface": 0, "address": "10.0.0.5/24", "gateway": "10.0.0.1"}],
              "routes": [{"dst": "0.0.0.0/0", "gw": "10.0.0.1"}],
              "dns": {"nameservers": ["10.0.0.53"]}
            }
            """)!.AsObject();
        var registry = Registry(() => new PassThroughResultStage());

        var output = HostRun.Run(registry, TestEnvironment.For("ADD"), Config("1.0.0", extra: new JsonObject { ["prevResult"] = prevResult }));

        Assert.Equal(0, output.ExitCode);
        var json = output.Json();
        Assert.Equal("1.0.0", json.GetProperty("cniVersion").GetString());
        var ip = json.GetProperty("ips")[0];
        Assert.False(ip.TryGetProperty("version", out _), "1.0.0 results have no ips[].version");
        Assert.Equal("10.0.0.5/24", ip.GetProperty("address").GetString());
        Assert.Equal(0, ip.GetProperty("interface").GetInt32());
        Assert.Equal("/var/run/netns/pod-1", json.GetProperty("interfaces")[0].GetProperty("sandbox").GetString());
        Assert.Equal("10.0.0.53", json.GetProperty("dns").GetProperty("nameservers")[0].GetString());
    }

    [Fact]
    public void An_unexpected_exception_in_a_stage_becomes_error_json_without_a_stack_trace()
    {
        var registry = Registry(() => new ThrowingStage(() => new InvalidOperationException("index was outside the bounds")));

        var output = HostRun.Run(registry, TestEnvironment.For("ADD"), Config());

        Assert.Equal(CniErrorCode.Internal, output.ErrorCode);
        Assert.Equal("thrower: index was outside the bounds", output.ErrorMessage);
        Assert.DoesNotContain("   at ", output.Stdout);
        Assert.DoesNotContain("ThrowingStage", output.Stdout);
        Assert.Contains("ThrowingStage", File.ReadAllText(LogFile)); // the stack trace goes to the log instead
    }

    [Fact]
    public void Io_exceptions_from_a_stage_are_code_5()
    {
        var registry = Registry(() => new ThrowingStage(() => new IOException("disk full")));

        var output = HostRun.Run(registry, TestEnvironment.For("DEL"), Config());

        Assert.Equal(CniErrorCode.IoFailure, output.ErrorCode);
        Assert.Equal("thrower: disk full", output.ErrorMessage);
    }

    [Fact]
    public void The_classifier_maps_lower_layer_exceptions_to_codes()
    {
        var registry = Registry(() => new ThrowingStage(() => new TimeoutException("netlink did not answer")));

        var output = HostRun.Run(registry, TestEnvironment.For("ADD"), Config(), e => e is TimeoutException ? CniErrorCode.TryAgainLater : null);

        Assert.Equal(CniErrorCode.TryAgainLater, output.ErrorCode);
    }

    [Fact]
    public void A_cni_exception_from_a_stage_keeps_its_code_and_details()
    {
        var registry = Registry(() => new ThrowingStage(() => new CniException(HumanzErrorCode.AddressesExhausted, "no address left", "range 10.0.0.0/30")));

        var error = HostRun.Run(registry, TestEnvironment.For("ADD"), Config("0.4.0")).ErrorJson();

        Assert.Equal(101, error.GetProperty("code").GetInt32());
        Assert.Equal("0.4.0", error.GetProperty("cniVersion").GetString());
        Assert.Equal("range 10.0.0.0/30", error.GetProperty("details").GetString());
    }

    [Fact]
    public void Error_messages_are_not_html_escaped()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config(type: "it's<mine>"));

        Assert.StartsWith("type \"it's<mine>\" is not served", output.ErrorMessage);
        Assert.DoesNotContain("\\u0027", output.Stdout); // ' stays readable for whoever reads the runtime's error
        Assert.DoesNotContain("\\u003C", output.Stdout);
    }

    [Fact]
    public void Unknown_cni_args_key_is_code_4_unless_the_type_accepts_it()
    {
        var plain = HostRun.Run(FixedResult(), TestEnvironment.For("ADD", ("CNI_ARGS", "IP=10.0.0.9")), Config());
        var accepting = new PluginTypeRegistry().Add(new PluginTypeBuilder("fake").Use(() => new FixedResultStage()).AcceptCniArg("IP").Build());
        var accepted = HostRun.Run(accepting, TestEnvironment.For("ADD", ("CNI_ARGS", "IP=10.0.0.9")), Config());

        Assert.Equal(CniErrorCode.InvalidEnvironment, plain.ErrorCode);
        Assert.Contains("unknown key \"IP\"", plain.ErrorMessage);
        Assert.Equal(0, accepted.ExitCode);
    }

    [Fact]
    public void Environment_errors_are_reported_as_error_json_too()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD", ("CNI_IFNAME", "much-too-long-ifname")), Config());

        Assert.Equal(CniErrorCode.InvalidEnvironment, output.ErrorCode);
    }

    [Theory]
    [InlineData("ADD")]
    [InlineData("DEL")]
    [InlineData("CHECK")]
    public void Stdout_holds_exactly_one_json_document_when_a_stage_fails(string verb)
    {
        var registry = Registry(() => new FixedResultStage(), () => new ThrowingStage(() => new InvalidOperationException("boom")));

        var output = HostRun.Run(registry, TestEnvironment.For(verb), Config());

        Assert.Equal(1, output.ExitCode);
        Assert.Equal(1, HostOutput.CountDocuments(output.Stdout));
        Assert.EndsWith("}\n", output.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdout_is_utf8_without_a_byte_order_mark()
    {
        var output = HostRun.Run(FixedResult(), TestEnvironment.For("ADD"), Config());

        Assert.StartsWith("{", output.Stdout, StringComparison.Ordinal);
        Assert.False(Encoding.UTF8.GetBytes(output.Stdout).AsSpan().StartsWith(Encoding.UTF8.Preamble));
    }
}
