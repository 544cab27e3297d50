using System.Text;
using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages.Bandwidth;

namespace HumanzCni.Tests.Stages;

/// <summary>humanz-bandwidth's limits: the reference plugin's field names and rules, runtimeConfig.bandwidth replacing the config's.</summary>
public sealed class BandwidthConfigValidatorTests
{
    [Fact]
    public void Config_fields_give_both_directions()
    {
        var limits = Validate("""{"ingressRate": 10000000, "ingressBurst": 524288, "egressRate": 20000000, "egressBurst": 65536}""");

        Assert.Equal(new ShapingRate(10_000_000, 524_288), limits.Ingress);
        Assert.Equal(new ShapingRate(20_000_000, 65_536), limits.Egress);
        Assert.Equal("config", limits.Source);
    }

    [Fact]
    public void No_fields_or_zeros_limit_nothing()
    {
        Assert.True(Validate("{}").IsEmpty);
        Assert.True(Validate("""{"ingressRate": 0, "ingressBurst": 0}""").IsEmpty);
    }

    [Fact]
    public void Runtime_bandwidth_replaces_the_config_whole_and_its_keys_match_in_any_case()
    {
        var limits = Validate(
            """{"ingressRate": 1000, "ingressBurst": 1000}""",
            """{"Bandwidth": {"EGRESSRATE": 8000000, "egressburst": 80000}}""");

        Assert.Null(limits.Ingress);
        Assert.Equal(new ShapingRate(8_000_000, 80_000), limits.Egress);
        Assert.Equal("runtimeConfig.bandwidth", limits.Source);
    }

    [Theory]
    [InlineData("""{"ingressRate": 1000000}""", null, "ingressBurst must be set when ingressRate is")]
    [InlineData("""{"egressBurst": 1000000}""", null, "egressRate must be set when egressBurst is")]
    [InlineData("""{"egressRate": -5, "egressBurst": 100}""", null, "egressRate must be a positive integer")]
    [InlineData("""{"ingressRate": 4, "ingressBurst": 100}""", null, "ingressRate must be at least 8")]
    [InlineData("""{"ingressRate": 100, "ingressBurst": 34359738368}""", null, "ingressBurst cannot be more than 4GB")]
    [InlineData("""{"ingressRate": "fast", "ingressBurst": 100}""", null, "ingressRate must be a whole number")]
    [InlineData("{}", """{"bandwidth": {"ingressRate": 100}}""", "runtimeConfig.bandwidth.ingressBurst must be set")]
    [InlineData("{}", """{"bandwidth": 5}""", "runtimeConfig.bandwidth must be an object")]
    public void Bad_limits_are_code_7_naming_the_field(string config, string? runtimeConfig, string message)
    {
        var error = Assert.Throws<CniException>(() => Validate(config, runtimeConfig));

        Assert.Equal(CniErrorCode.InvalidConfig, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static BandwidthLimits Validate(string config, string? runtimeConfig = null)
    {
        JsonElement? runtime = runtimeConfig is null ? null : JsonDocument.Parse(runtimeConfig).RootElement.Clone();
        return BandwidthConfigValidator.Validate(JsonFields.Parse(Encoding.UTF8.GetBytes(config)), runtime);
    }
}
