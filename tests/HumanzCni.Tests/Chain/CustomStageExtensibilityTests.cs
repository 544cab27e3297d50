using System.Text.Json;
using System.Text.Json.Nodes;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;

namespace HumanzCni.Tests.Chain;

/// <summary>
/// Extensibility: a stage written outside src/Chain (here, in the tests) reads its own config field and
/// CNI_ARGS key, hands a typed feature to itself across Prepare/Add, and edits the result an earlier stage
/// built; composed with PluginTypeBuilder into a new plugin type and served by the unchanged PluginHost.
/// </summary>
public sealed class CustomStageExtensibilityTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hz-ext-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>The new plugin type: an existing result-building stage followed by the custom one.</summary>
    private static PluginTypeRegistry Registry() => new PluginTypeRegistry().Add(
        new PluginTypeBuilder("annotated-net")
            .Use(() => new FixedResultStage())
            .Use(() => new DnsSearchStage())
            .AcceptCniArg(DnsSearchStage.CniArgKey)
            .Build());

    private string Config(string? searchDomain) => new JsonObject
    {
        ["cniVersion"] = "1.1.0",
        ["name"] = "ext-net",
        ["type"] = "annotated-net",
        ["logFile"] = Path.Combine(_directory, "plugin.log"),
        ["searchDomain"] = searchDomain,
    }.ToJsonString();

    [Fact]
    public void A_custom_stage_composed_via_PluginTypeBuilder_adds_a_dns_search_domain_to_the_result_without_framework_changes()
    {
        var output = HostRun.Run(Registry(), TestEnvironment.For("ADD"), Config("pods.cluster.local"));

        Assert.Equal(0, output.ExitCode);
        var json = output.Json();
        Assert.Equal(["pods.cluster.local"], json.GetProperty("dns").GetProperty("search").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("10.0.0.5/24", json.GetProperty("ips")[0].GetProperty("address").GetString()); // the earlier stage's result is kept
    }

    [Fact]
    public void The_custom_stage_reads_its_own_cni_args_key_once_the_plugin_type_declares_it()
    {
        var output = HostRun.Run(Registry(), TestEnvironment.For("ADD", ("CNI_ARGS", "DNS_SEARCH=ns1.svc.cluster.local")), Config("pods.cluster.local"));

        Assert.Equal(
            ["ns1.svc.cluster.local", "pods.cluster.local"],
            output.Json().GetProperty("dns").GetProperty("search").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void The_custom_stages_validation_error_reaches_the_runtime_as_code_7()
    {
        var output = HostRun.Run(Registry(), TestEnvironment.For("ADD"), Config("bad domain"));

        Assert.Equal(CniErrorCode.InvalidConfig, output.ErrorCode);
        Assert.Equal("searchDomain \"bad domain\" is not a DNS name", output.ErrorMessage);
    }

    /// <summary>What Prepare decoded, for Add: a typed feature, so no framework type had to learn about it.</summary>
    private sealed record SearchDomains(IReadOnlyList<string> Domains);

    /// <summary>The custom stage: "searchDomain" from the config, plus DNS_SEARCH from CNI_ARGS, go into result.dns.search.</summary>
    private sealed class DnsSearchStage : IStage
    {
        public const string CniArgKey = "DNS_SEARCH";

        public string Name => "dns-search";

        public void Prepare(StageContext context)
        {
            using var document = JsonDocument.Parse(context.RawConfig);
            var domains = new List<string>();
            if (context.Request.Args.Get(CniArgKey) is { Length: > 0 } fromArgs)
            {
                domains.Add(fromArgs);
            }

            if (document.RootElement.TryGetProperty("searchDomain", out var field) && field.GetString() is { } domain)
            {
                if (domain.Contains(' ', StringComparison.Ordinal))
                {
                    throw new CniException(CniErrorCode.InvalidConfig, $"searchDomain \"{domain}\" is not a DNS name");
                }

                domains.Add(domain);
            }

            context.Set(new SearchDomains(domains));
        }

        public void Add(StageContext context)
        {
            var result = context.Result ?? throw new CniException(CniErrorCode.Internal, "dns-search must run after a stage that builds the result");
            result.Dns ??= new CniDns();
            result.Dns.Search = [.. result.Dns.Search ?? [], .. context.Get<SearchDomains>().Domains];
        }

        public void Del(StageContext context)
        {
        }
    }
}
