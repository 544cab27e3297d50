using System.Text;
using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Runner;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.PortMap;

namespace HumanzCni.Tests.Fuzz;

/// <summary>
/// What fuzz/ (SharpFuzz + AFL++, `./build.sh fuzz SECONDS`) found, each input minimised: a decoder let an exception
/// other than its documented bad-input one escape, which the plugin would have printed as a stack trace or answered
/// with code 199. Each must now be a CNI error with the right code, naming what to fix.
/// </summary>
public sealed class FuzzFindingsTests
{
    /// <summary><paramref name="before"/>, the byte 0x95 (a UTF-8 continuation byte with nothing to continue), <paramref name="after"/>.</summary>
    private static byte[] WithStrayByte(string before, string after) => [.. Encoding.UTF8.GetBytes(before), 0x95, .. Encoding.UTF8.GetBytes(after)];

    private static CniException Refusal(Action decode) => Assert.Throws<CniException>(decode);

    [Fact]
    public void A_runtime_config_key_that_is_not_utf8_is_code_6_not_an_exception_in_the_portmap_stage()
    {
        // runtimeconfig target: PortMappingReader's case-insensitive key look-up read the key and threw InvalidOperationException.
        var json = WithStrayByte("""{"cniVersion": "1.0.0", "name": "n", "type": "humanz-portmap", "runtimeConfig": {"po""", """tMappings": null}}""");

        var error = Refusal(() => NetworkConfigReader.Read(json));

        Assert.Equal(CniErrorCode.DecodeFailure, error.Code);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_version_of_an_error_is_peeked_from_input_that_is_not_utf8_without_throwing()
    {
        // The error JSON of any failure quotes PeekCniVersion(stdin): a key it had to read threw InvalidOperationException.
        var json = WithStrayByte("{\"", "\": 1, \"cniVersion\": \"1.0.0\"}");

        Assert.Null(NetworkConfigReader.PeekCniVersion(json));
    }

    [Fact]
    public void A_conflist_that_is_not_utf8_is_code_6_naming_the_file()
    {
        var json = WithStrayByte("""{"cniVersion": "1.0.0", "name": "n""", "\", \"plugins\": [{\"type\": \"humanz-cni\"}]}");

        var error = Refusal(() => NetworkConfigList.Parse(json, "/etc/cni/net.d/10-x.conflist"));

        Assert.Equal(CniErrorCode.DecodeFailure, error.Code);
        Assert.StartsWith("/etc/cni/net.d/10-x.conflist: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_in_a_conf_file_is_code_6_naming_the_file_and_the_key()
    {
        // conflist target: JsonObject threw ArgumentException ("An item with the same key has already been added") at the first look-up.
        var json = Encoding.UTF8.GetBytes("""{"cniVersion": "0.3.1", "name": "humanz-cni", "type": "humanz-cni", "name": "100.100.1.0/24"}""");

        var error = Refusal(() => NetworkConfigList.FromSingleConfig(json, "/etc/cni/net.d/10-x.conf"));

        Assert.Equal(CniErrorCode.DecodeFailure, error.Code);
        Assert.StartsWith("/etc/cni/net.d/10-x.conf: not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"HostPort": 8443, "ContainerPort": 443, "Protocol": 443}]""", "runtimeConfig.portMappings[0].protocol must be a string, not Number")]
    [InlineData("""[{"hostPort": 80, "containerPort": 80, "hostIP": ["::1"]}]""", "runtimeConfig.portMappings[0].hostIP must be a string, not Array")]
    public void A_port_mapping_protocol_or_host_ip_that_is_not_a_string_is_code_7_naming_it(string mappings, string message)
    {
        // runtimeconfig target: GetString() on a number threw InvalidOperationException.
        using var runtimeConfig = JsonDocument.Parse($$"""{"portMappings": {{mappings}}}""");

        var error = Refusal(() => PortMappingReader.Read(runtimeConfig.RootElement));

        Assert.Equal(CniErrorCode.InvalidConfig, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"prevResult": {"ips": [null]}}""", "prevResult.ips[0] is null; each entry must be an object")]
    [InlineData("""{"prevResult": {"ips": [{"address": "10.0.0.5/24"}, {"address": null}]}}""", "prevResult.ips[1].address is missing or null; give it a string")]
    [InlineData("""{"prevResult": {"interfaces": [null]}}""", "prevResult.interfaces[0] is null; each entry must be an object")]
    [InlineData("""{"prevResult": {"routes": [{"dst": null, "gw": "10.0.0.1"}]}}""", "prevResult.routes[0].dst is missing or null; give it a string")]
    [InlineData("""{"cni.dev/valid-attachments": [null]}""", "cni.dev/valid-attachments[0] is null; each entry must be an object")]
    [InlineData("""{"cni.dev/attachments": [{"containerID": null, "ifname": "eth0"}]}""", "cni.dev/attachments[0].containerID is missing or null; give it a string")]
    public void A_null_entry_in_prevresult_or_gcs_attachments_is_code_7_naming_it(string json, string message)
    {
        // prevresult/netconf targets: ContainerAddresses.From, ResultWriter and GC's attachment names threw NullReferenceException
        // (ArgumentNullException for a null containerID), which the plugin answered with code 199.
        var error = Refusal(() => NetworkConfigReader.Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(CniErrorCode.InvalidConfig, error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("""{"subnet": "100.100.1.0/24", "peers": [null]}""", "peers[0] is null; each entry must be an object")]
    [InlineData("""{"ipam": {"ranges": [[{"subnet": "100.100.1.0/24"}, null]]}}""", "ipam.ranges[0][1] is null; each entry must be an object")]
    [InlineData("""{"subnet": "100.100.1.0/24", "ipam": {"routes": [null]}}""", "ipam.routes[0] is null; each entry must be an object")]
    public void A_null_entry_in_humanz_cnis_lists_is_code_7_naming_it(string json, string message)
    {
        // netconf target: HumanzConfigValidator threw NullReferenceException.
        var error = Refusal(() => HumanzConfigValidator.Validate(JsonFields.Parse(Encoding.UTF8.GetBytes(json)), "net"));

        Assert.Equal(CniErrorCode.InvalidConfig, error.Code);
        Assert.Equal(message, error.Message);
    }
}
