using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;
using HumanzCni.Stages.Bandwidth;
using HumanzCni.Stages.Config;

namespace HumanzCni.Tests.Chain;

/// <summary>
/// The plugin reads its config with <see cref="JsonFields"/> and prints results with <see cref="ResultWriter"/> instead of
/// System.Text.Json's source-generated contexts (whose type metadata cost a call about 1 ms). Both must do exactly what
/// the contexts did: each input below is decoded both ways, and the two models must be equal (compared as the
/// serializer writes them), or both ways must refuse it; each result must print to the same bytes.
/// </summary>
public sealed partial class SerializerAgreementTests
{
    public static TheoryData<string> Configs { get; } =
    [
        """{"cniVersion":"1.0.0","name":"hz","type":"humanz-cni","bridge":"jxt0","subnet":"100.100.9.0/24","logFile":"/tmp/log","ipam":{"dataDir":"/tmp/leases"},"capabilities":{"portMappings":true,"bandwidth":true}}""",
        """{"CNIVERSION":"0.4.0","Name":"n","TYPE":"humanz-cni","Subnet":"10.0.0.0/24","IPAM":{"DataDir":"/d","Ranges":[[{"Subnet":"10.1.0.0/16","RangeStart":"10.1.0.10","RangeEnd":"10.1.0.20","Gateway":"10.1.0.1"}]],"Routes":[{"Dst":"0.0.0.0/0","GW":"10.1.0.1","MTU":1400}]}}""",
        """{"subnet":"10.0.0.0/24","Subnet":"10.0.1.0/24","SUBNET":"10.0.2.0/24","name":"a","NAME":"b"}""",
        """{"n\u0061me":"escaped","sub\u006eet":"10.0.0.0/24","\u00fcnknown":1}""",
        """{"name":null,"cniVersion":null,"type":null,"args":null,"capabilities":null,"runtimeConfig":null,"prevResult":null,"logFile":null,"logLevel":null,"logMaxBytes":null,"logMaxFiles":null,"cni.dev/valid-attachments":null,"cni.dev/attachments":null}""",
        """{"bridge":null,"subnet":null,"gateway":null,"mtu":null,"isDefaultGateway":null,"ipam":null,"peers":null,"dns":null,"ipMasq":null,"nonMasqueradeCidrs":null,"hairpinMode":null,"ingressRate":null}""",
        """{"mtu":1500,"isDefaultGateway":false,"ipMasq":true,"hairpinMode":false,"nonMasqueradeCidrs":["100.100.0.0/16",null],"peers":[{"subnet":"100.100.2.0/24","via":"200.0.0.30","extra":[1]},null],"dns":{"nameservers":["10.0.0.53"],"domain":"cluster.local","search":["a","b"],"options":["ndots:5"]}}""",
        """{"ipam":{"type":"host-local","subnet":"10.2.0.0/24","rangeStart":"10.2.0.5","gateway":"10.2.0.1","ranges":[[null,{"subnet":"fd00::/64"}],null,[]],"routes":[null,{"dst":"::/0"}]}}""",
        """{"args":{"cni":{"ips":["10.0.0.5"]}},"runtimeConfig":{"portMappings":[{"HostPort":8443,"ContainerPort":443,"Protocol":"tcp","HostIP":""}],"bandwidth":{"ingressRate":1000000,"IngressBurst":65536}},"capabilities":{"portMappings":true}}""",
        """{"prevResult":{"cniVersion":"1.1.0","interfaces":[{"name":"lo","mac":"00:00:00:00:00:00","mtu":65536,"sandbox":"/var/run/netns/p","socketPath":"/s","pciID":"0000:00:1f.6"},null,{}],"ips":[{"interface":0,"address":"127.0.0.1/8","version":"4","gateway":"127.0.0.1"},{"address":null},{}],"routes":[{"dst":"::/0","gw":"::1","mtu":1400,"advmss":1360,"priority":10,"table":100,"scope":0},{"dst":null}],"dns":{"nameservers":[null]}}}""",
        """{"prevResult":{"cniVersion":"1.1.0","interfaces":[{"name":"lo","mac":"00:00:00:00:00:00","mtu":65536,"sandbox":"/var/run/netns/p","socketPath":"/s","pciID":"0000:00:1f.6"}],"ips":[{"interface":0,"address":"127.0.0.1/8","gateway":"127.0.0.1"},{"address":"::1/128"}],"routes":[{"dst":"::/0","gw":"::1","mtu":1400,"advmss":1360,"priority":10,"table":100,"scope":0}],"dns":{"nameservers":["10.0.0.53"],"domain":"d","search":["s"],"options":["o"]}}}""",
        """{"PrevResult":{"CniVersion":"0.3.1","Interfaces":[{"Name":"eth0","Sandbox":"/p"}],"IPs":[{"Version":"4","Interface":0,"Address":"10.0.0.5/24"}],"Routes":[],"DNS":{}}}""",
        """{"cni.dev/valid-attachments":[{"containerID":"c1","ifname":"eth0"},null,{"ContainerId":null},{}],"cni.dev/attachments":[{"containerID":"c2"}]}""",
        """{"logMaxBytes":10485760,"logMaxFiles":3,"ingressRate":9223372036854775807,"egressBurst":-5}""",
        "{\"name\":\"n\",/* comment */\"subnet\":\"10.0.0.0/24\", // another\n \"peers\":[{\"subnet\":\"10.1.0.0/24\",\"via\":\"1.2.3.4\",},],}",
        // Wrong kinds and numbers out of range, each of which must be refused by both.
        """{"name":5}""",
        """{"cniVersion":true}""",
        """{"args":5}""",
        """{"prevResult":[]}""",
        """{"prevResult":{"interfaces":{}}}""",
        """{"prevResult":{"ips":[{"interface":"0"}]}}""",
        """{"prevResult":{"ips":[{"interface":1.5}]}}""",
        """{"prevResult":{"routes":[{"mtu":1e3}]}}""",
        """{"prevResult":{"dns":{"search":"a"}}}""",
        """{"prevResult":{"dns":{"search":[1]}}}""",
        """{"logMaxBytes":"10"}""",
        """{"logMaxFiles":2147483648}""",
        """{"logMaxBytes":9223372036854775808}""",
        """{"cni.dev/valid-attachments":{}}""",
        """{"cni.dev/attachments":[5]}""",
        """{"mtu":"1500"}""",
        """{"mtu":1500.0}""",
        """{"isDefaultGateway":"true"}""",
        """{"ipMasq":1}""",
        """{"ipam":[]}""",
        """{"ipam":{"ranges":[{"subnet":"10.0.0.0/8"}]}}""",
        """{"ipam":{"ranges":[[5]]}}""",
        """{"ipam":{"routes":{}}}""",
        """{"peers":[{"via":1}]}""",
        """{"nonMasqueradeCidrs":"10.0.0.0/8"}""",
        """{"dns":[]}""",
        """{"ingressRate":"1000"}""",
        """{"egressBurst":1.5}""",
        // Not a config object, or not JSON.
        "null",
        "[]",
        "\"text\"",
        "5",
        "{} {}",
        "{\"name\":",
        "{\"name\":\"n\"",
        "{'name':'n'}",
    ];

    [Theory]
    [MemberData(nameof(Configs))]
    public void The_framework_fields_decode_as_the_serializer_decoded_them(string json) =>
        AssertAgree(json, ChainJson.Context.NetworkConfig, static fields => NetworkConfig.FromJson(fields, default));

    [Theory]
    [MemberData(nameof(Configs))]
    public void The_humanz_cni_fields_decode_as_the_serializer_decoded_them(string json) =>
        AssertAgree(json, Library.Default.HumanzConfigJson, HumanzConfigJson.FromJson);

    [Theory]
    [MemberData(nameof(Configs))]
    public void The_bandwidth_fields_decode_as_the_serializer_decoded_them(string json) =>
        AssertAgree(json, Library.Default.BandwidthJson, BandwidthJson.FromJson);

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_prev_result_prints_as_the_serializer_printed_it_in_every_version(string json)
    {
        NetworkConfig config;
        try
        {
            config = NetworkConfigReader.Read(Encoding.UTF8.GetBytes(json));
        }
        catch (CniException)
        {
            return;
        }

        if (config.PrevResult is not { } prevResult)
        {
            return;
        }

        foreach (var version in CniVersion.Supported)
        {
            Assert.Equal(SerializerOutput(prevResult, version), ResultWriterOutput(prevResult, version));
        }
    }

    [Fact]
    public void Strings_print_with_the_relaxed_escaping_the_serializer_used()
    {
        // Every ASCII character (controls, quotes, backslash, the HTML-sensitive <>&'+`), and beyond ASCII a letter, a
        // character outside the BMP, a lone surrogate, an unassigned code point and the line separator.
        var ascii = new string([.. Enumerable.Range(0, 128).Select(c => (char)c)]);
        foreach (var text in (string[])[ascii, "pod-ü-名前", "emoji-\U0001F600", "lone-\uD800-x", "unassigned-\u0378", "line\u2028sep", ""])
        {
            var result = new CniResult
            {
                Interfaces = [new CniInterface { Name = text, Sandbox = "/var/run/netns/" + text }],
                Dns = new CniDns { Domain = text, Search = [text, null!] },
            };

            Assert.Equal(SerializerOutput(result, "1.1.0"), ResultWriterOutput(result, "1.1.0"));
        }
    }

    private static void AssertAgree<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> library, Func<JsonFields, T> byHand)
        where T : class
    {
        T? expected;
        try
        {
            expected = JsonSerializer.Deserialize(json, library);
        }
        catch (JsonException)
        {
            Assert.ThrowsAny<JsonException>(() => Decode(json, byHand));
            return;
        }

        var actual = Decode(json, byHand);
        Assert.Equal(JsonSerializer.Serialize(expected!, library), JsonSerializer.Serialize(actual!, library));
    }

    private static T? Decode<T>(string json, Func<JsonFields, T> read)
        where T : class => JsonFields.ReadObject(JsonFields.Parse(Encoding.UTF8.GetBytes(json)), "$", read);

    private static string SerializerOutput(CniResult result, string version) =>
        JsonSerializer.Serialize(ResultWriter.ShapeFor(result, version), ChainJson.Context.CniResult) + "\n";

    private static string ResultWriterOutput(CniResult result, string version)
    {
        using var output = new MemoryStream();
        ResultWriter.Write(output, result, version);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>The context the plugin decoded its own fields with before (the framework's are still in <see cref="ChainJsonContext"/>), with its options.</summary>
    [JsonSourceGenerationOptions(
        PropertyNameCaseInsensitive = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip)]
    [JsonSerializable(typeof(HumanzConfigJson))]
    [JsonSerializable(typeof(BandwidthJson))]
    internal sealed partial class Library : JsonSerializerContext;
}
