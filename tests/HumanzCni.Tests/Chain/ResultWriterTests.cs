using System.Text;
using System.Text.Json;
using HumanzCni.Chain.Results;

namespace HumanzCni.Tests.Chain;

/// <summary>One result printed in each spec version: only the fields that version defines.</summary>
public sealed class ResultWriterTests
{
    private static JsonElement Write(CniResult result, string version)
    {
        using var output = new MemoryStream();
        ResultWriter.Write(output, result, version);
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static bool Has(JsonElement element, string property) => element.TryGetProperty(property, out _);

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.3.1")]
    [InlineData("0.4.0")]
    public void Before_1_0_0_ips_carry_their_version_and_no_1_1_0_fields_appear(string version)
    {
        var json = Write(FixedResultStage.Result(), version);

        Assert.Equal(version, json.GetProperty("cniVersion").GetString());
        Assert.Equal("4", json.GetProperty("ips")[0].GetProperty("version").GetString());
        Assert.Equal("6", json.GetProperty("ips")[1].GetProperty("version").GetString());
        AssertNo110Fields(json);
    }

    [Fact]
    public void In_1_0_0_ips_lose_their_version_and_no_1_1_0_fields_appear()
    {
        var json = Write(FixedResultStage.Result(), "1.0.0");

        Assert.All(json.GetProperty("ips").EnumerateArray(), ip => Assert.False(Has(ip, "version")));
        AssertNo110Fields(json);
    }

    [Fact]
    public void In_1_1_0_interface_and_route_fields_of_1_1_0_are_kept()
    {
        var json = Write(FixedResultStage.Result(), "1.1.0");

        Assert.All(json.GetProperty("ips").EnumerateArray(), ip => Assert.False(Has(ip, "version")));
        var eth0 = json.GetProperty("interfaces")[1];
        Assert.Equal(1400, eth0.GetProperty("mtu").GetInt32());
        Assert.Equal("/run/vhost.sock", eth0.GetProperty("socketPath").GetString());
        Assert.Equal("0000:00:1f.6", eth0.GetProperty("pciID").GetString());
        var route = json.GetProperty("routes")[0];
        Assert.Equal(1400, route.GetProperty("mtu").GetInt32());
        Assert.Equal(1360, route.GetProperty("advmss").GetInt32());
        Assert.Equal(10, route.GetProperty("priority").GetInt32());
        Assert.Equal(100, route.GetProperty("table").GetInt32());
        Assert.Equal(0, route.GetProperty("scope").GetInt32());
    }

    [Theory]
    [InlineData("0.3.1")]
    [InlineData("1.1.0")]
    public void Fields_every_version_has_are_always_kept(string version)
    {
        var json = Write(FixedResultStage.Result(), version);

        var eth0 = json.GetProperty("interfaces")[1];
        Assert.Equal("eth0", eth0.GetProperty("name").GetString());
        Assert.Equal("02:00:00:00:00:02", eth0.GetProperty("mac").GetString());
        Assert.Equal("/var/run/netns/pod-1", eth0.GetProperty("sandbox").GetString());
        Assert.False(Has(json.GetProperty("interfaces")[0], "sandbox")); // host-side interfaces have no sandbox
        var ip = json.GetProperty("ips")[0];
        Assert.Equal(1, ip.GetProperty("interface").GetInt32());
        Assert.Equal("10.0.0.5/24", ip.GetProperty("address").GetString());
        Assert.Equal("10.0.0.1", ip.GetProperty("gateway").GetString());
        Assert.Equal("0.0.0.0/0", json.GetProperty("routes")[0].GetProperty("dst").GetString());
        Assert.Equal("10.0.0.1", json.GetProperty("routes")[0].GetProperty("gw").GetString());
    }

    [Fact]
    public void The_result_always_has_a_dns_object_like_the_reference_plugins()
    {
        var json = Write(new CniResult(), "1.0.0");

        Assert.Equal(JsonValueKind.Object, json.GetProperty("dns").ValueKind);
        Assert.False(Has(json, "ips"));
        Assert.False(Has(json, "interfaces"));
    }

    [Fact]
    public void Shaping_copies_and_never_changes_the_result_it_was_given()
    {
        var result = FixedResultStage.Result();
        result.CniVersion = "1.1.0";

        var shaped = ResultWriter.ShapeFor(result, "0.3.1");

        Assert.Equal("0.3.1", shaped.CniVersion);
        Assert.Equal("1.1.0", result.CniVersion);
        Assert.Null(result.Ips![0].Version);
        Assert.Equal(1400, result.Interfaces![1].Mtu);
    }

    [Fact]
    public void A_prev_result_ip_version_is_recomputed_from_the_address_not_trusted()
    {
        var result = new CniResult { Ips = [new CniIpConfig { Version = "4", Address = "fd00::5/64" }] };

        Assert.Equal("6", ResultWriter.ShapeFor(result, "0.4.0").Ips![0].Version);
    }

    [Theory]
    [InlineData("0.3.0")]
    [InlineData("0.4.0")]
    public void A_result_that_omits_ip_versions_prints_none_even_before_1_0_0(string version)
    {
        var result = new CniResult { Ips = [new CniIpConfig { Interface = 0, Address = "127.0.0.1/8" }], OmitsIpVersion = true };

        Assert.Null(ResultWriter.ShapeFor(result, version).Ips![0].Version);
    }

    private static void AssertNo110Fields(JsonElement json)
    {
        foreach (var link in json.GetProperty("interfaces").EnumerateArray())
        {
            Assert.False(Has(link, "mtu"), "interfaces[].mtu exists from 1.1.0");
            Assert.False(Has(link, "socketPath"), "interfaces[].socketPath exists from 1.1.0");
            Assert.False(Has(link, "pciID"), "interfaces[].pciID exists from 1.1.0");
        }

        foreach (var route in json.GetProperty("routes").EnumerateArray())
        {
            foreach (var field in new[] { "mtu", "advmss", "priority", "table", "scope" })
            {
                Assert.False(Has(route, field), $"routes[].{field} exists from 1.1.0");
            }
        }
    }
}
