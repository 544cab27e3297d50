using System.Text;
using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages.Bandwidth;
using HumanzCni.Stages.Config;

namespace HumanzCni.Tests.Chain;

/// <summary>The rules the plugin's config is read by (<see cref="JsonFields"/>), and the errors a value of the wrong kind gets.</summary>
public sealed class JsonFieldsTests
{
    private static JsonFields Fields(string json) => JsonFields.Of(JsonFields.Parse(Encoding.UTF8.GetBytes(json)), "$")!.Value;

    private static NetworkConfig Read(string json) => NetworkConfigReader.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Keys_match_in_any_case_and_the_last_spelling_wins()
    {
        var fields = Fields("""{"SUBNET": "10.0.0.0/24", "mtu": 1400, "MTU": 1500, "IsDefaultGateway": false}""");

        Assert.Equal("10.0.0.0/24", fields.String("subnet"));
        Assert.Equal(1500, fields.Int32("mtu"));
        Assert.False(fields.Boolean("isDefaultGateway"));
    }

    [Fact]
    public void Unknown_keys_are_ignored_and_a_missing_key_keeps_the_models_default()
    {
        var config = Read("""{"cniVersion": "1.0.0", "name": "n", "whatever": {"deep": [1, "x"]}, "prevResult": {"interfaces": [{"mac": "aa:bb:cc:dd:ee:ff"}]}}""");

        Assert.Equal("n", config.Name);
        Assert.Null(config.Type);
        Assert.Equal("", config.PrevResult!.Interfaces![0].Name);
        Assert.Equal("aa:bb:cc:dd:ee:ff", config.PrevResult.Interfaces[0].Mac);
    }

    [Fact]
    public void Null_reads_as_null_and_raw_sections_are_kept_for_the_stages()
    {
        var config = Read("""{"cniVersion": null, "args": null, "RuntimeConfig": {"portMappings": [{"HostPort": 8443}]}}""");

        Assert.Null(config.CniVersion);
        Assert.Null(config.Args);
        Assert.Equal(8443, config.RuntimeConfig!.Value.GetProperty("portMappings")[0].GetProperty("HostPort").GetInt32());
        Assert.Equal(JsonValueKind.Object, config.Json.ValueKind);
    }

    [Theory]
    [InlineData("""{"name": 5}""", "$.name must be a string, not Number")]
    [InlineData("""{"logMaxFiles": 2147483648}""", "$.logMaxFiles must be a whole number of at most 32 bits, not 2147483648")]
    [InlineData("""{"logMaxBytes": "10"}""", "$.logMaxBytes must be a whole number, not String")]
    [InlineData("""{"prevResult": {"ips": [{"interface": 1.5}]}}""", "$.prevResult.ips[0].interface must be a whole number of at most 32 bits, not 1.5")]
    [InlineData("""{"prevResult": []}""", "$.prevResult must be an object, not Array")]
    [InlineData("""{"cni.dev/valid-attachments": {}}""", "$['cni.dev/valid-attachments'] must be an array, not Object")]
    public void A_framework_field_of_the_wrong_kind_is_code_6_naming_its_path(string json, string problem)
    {
        var error = Assert.Throws<CniException>(() => Read(json));

        Assert.Equal(CniErrorCode.DecodeFailure, error.Code);
        Assert.Equal($"the network configuration is not valid JSON: {problem}", error.Message);
    }

    [Theory]
    [InlineData("""{"ipam": {"ranges": [[{"subnet": 5}]]}}""", "$.ipam.ranges[0][0].subnet", "must be a string, not Number")]
    [InlineData("""{"mtu": 1500.5}""", "$.mtu", "must be a whole number of at most 32 bits, not 1500.5")]
    [InlineData("""{"hairpinMode": "true"}""", "$.hairpinMode", "must be true or false, not String")]
    [InlineData("""{"peers": {"subnet": "10.0.0.0/24"}}""", "$.peers", "must be an array, not Object")]
    public void A_humanz_cni_field_of_the_wrong_kind_is_code_7_naming_its_path(string json, string path, string problem)
    {
        var error = Assert.Throws<CniException>(() => HumanzConfigValidator.Validate(JsonFields.Parse(Encoding.UTF8.GetBytes(json)), "net"));

        Assert.Equal(CniErrorCode.InvalidConfig, error.Code);
        Assert.Equal($"field {path} has the wrong type: {path} {problem}", error.Message);
    }

    [Fact]
    public void A_bandwidth_field_of_the_wrong_kind_is_code_7_naming_it()
    {
        using var runtime = JsonDocument.Parse("""{"bandwidth": {"ingressRate": "1M"}}""");

        var error = Assert.Throws<CniException>(() => BandwidthConfigValidator.Validate(config: null, runtime.RootElement));

        Assert.Equal(CniErrorCode.InvalidConfig, error.Code);
        Assert.Equal(
            "runtimeConfig.bandwidth.ingressRate must be a whole number (rates in bits per second, bursts in bits): $.ingressRate must be a whole number, not String",
            error.Message);
    }

    [Theory]
    [InlineData("{} {}", "'{' is invalid after a single JSON value. Expected end of data. Path: $ | LineNumber: 0 | BytePositionInLine: 3.")]
    [InlineData("""{"name": "n",""", "Expected start of a property name or value, but instead reached end of data. Path: $ | LineNumber: 0 | BytePositionInLine: 12.")]
    [InlineData("""{"prevResult": {"ips": [{"address": x}]}}""", "'x' is an invalid start of a value. Path: $.prevResult.ips[0].address | LineNumber: 0 | BytePositionInLine: 36.")]
    public void Malformed_json_is_code_6_worded_as_the_serializer_always_worded_it(string json, string problem)
    {
        var error = Assert.Throws<CniException>(() => Read(json));

        Assert.Equal(CniErrorCode.DecodeFailure, error.Code);
        Assert.Equal($"the network configuration is not valid JSON: {problem}", error.Message);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var config = Read("{\"name\": \"n\", /* a comment */ \"type\": \"t\", // another\n}");

        Assert.Equal("t", config.Type);
    }
}
