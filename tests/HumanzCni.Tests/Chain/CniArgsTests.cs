using HumanzCni.Chain.Protocol;

namespace HumanzCni.Tests.Chain;

/// <summary>CNI_ARGS parsing and the reference plugins' rule that unknown keys fail unless IgnoreUnknown is true.</summary>
public sealed class CniArgsTests
{
    private static readonly IReadOnlySet<string> NoPluginKeys = new HashSet<string>();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_args_parse_to_empty(string? text)
    {
        Assert.Empty(CniArgs.Parse(text).Values);
    }

    [Fact]
    public void Pairs_split_on_semicolon_and_first_equals()
    {
        var args = CniArgs.Parse("K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;IP=10.0.0.5=odd;EMPTY=");

        Assert.Equal("default", args.Get("K8S_POD_NAMESPACE"));
        Assert.Equal("web-0", args.Get("K8S_POD_NAME"));
        Assert.Equal("10.0.0.5=odd", args.Get("IP")); // only the first '=' separates key from value
        Assert.Equal("", args.Get("EMPTY"));
        Assert.Null(args.Get("MISSING"));
    }

    [Fact]
    public void Empty_segments_from_stray_semicolons_are_skipped()
    {
        var args = CniArgs.Parse(";K8S_POD_NAME=web-0;;");

        Assert.Single(args.Values);
    }

    [Theory]
    [InlineData("K8S_POD_NAME")]
    [InlineData("=value")]
    [InlineData("K8S_POD_NAME=web-0;broken")]
    public void Malformed_pairs_are_code_4_and_show_the_expected_form(string text)
    {
        var error = Assert.Throws<CniException>(() => CniArgs.Parse(text));

        Assert.Equal(CniErrorCode.InvalidEnvironment, error.Code);
        Assert.Contains("is not of the form KEY=VALUE", error.Message);
        Assert.Contains("e.g. K8S_POD_NAME=web-0;IgnoreUnknown=1", error.Message);
    }

    [Theory]
    [InlineData("IgnoreUnknown=1", true)]
    [InlineData("IgnoreUnknown=true", true)]
    [InlineData("IgnoreUnknown=TRUE", true)]
    [InlineData("IgnoreUnknown=0", false)]
    [InlineData("IgnoreUnknown=false", false)]
    [InlineData("IgnoreUnknown=yes", false)]
    [InlineData("ignoreunknown=1", false)] // keys are case-sensitive, as in libcni
    [InlineData("", false)]
    public void IgnoreUnknown_is_true_only_for_1_or_true(string text, bool expected)
    {
        Assert.Equal(expected, CniArgs.Parse(text).IgnoreUnknown);
    }

    [Fact]
    public void Unknown_key_is_code_4_naming_the_key_and_the_way_out()
    {
        var args = CniArgs.Parse("K8S_POD_NAME=web-0;MAC=aa:bb:cc:dd:ee:ff");

        var error = Assert.Throws<CniException>(() => args.EnsureKnown(NoPluginKeys));

        Assert.Equal(CniErrorCode.InvalidEnvironment, error.Code);
        Assert.Equal(
            "CNI_ARGS: unknown key \"MAC\"; remove it or add IgnoreUnknown=1 to CNI_ARGS to let plugins skip keys they do not know",
            error.Message);
    }

    [Fact]
    public void Unknown_keys_pass_with_IgnoreUnknown()
    {
        CniArgs.Parse("MAC=aa:bb:cc:dd:ee:ff;IgnoreUnknown=true").EnsureKnown(NoPluginKeys);
    }

    [Fact]
    public void Well_known_kubernetes_keys_and_the_plugin_types_own_keys_are_accepted()
    {
        var args = CniArgs.Parse("K8S_POD_NAMESPACE=ns;K8S_POD_NAME=p;K8S_POD_INFRA_CONTAINER_ID=c;K8S_POD_UID=u;IP=10.0.0.5");

        args.EnsureKnown(new HashSet<string> { "IP" });
    }
}
