using System.Text;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages.Config;

namespace HumanzCni.Tests.Stages;

/// <summary>
/// The humanz-cni config checks: every refusal is code 7 and its message names the field as the user wrote
/// it, so they can find and fix it without reading the source.
/// </summary>
public sealed class HumanzConfigValidatorTests
{
    private static HumanzNetConf Validate(string json, string? name = "net") =>
        HumanzConfigValidator.Validate(JsonFields.Parse(Encoding.UTF8.GetBytes(json)), name);

    private static string Refusal(string json, string? name = "net")
    {
        var error = Assert.Throws<CniException>(() => Validate(json, name));
        Assert.Equal(CniErrorCode.InvalidConfig, error.Code);
        return error.Message;
    }

    [Fact]
    public void A_minimal_config_gets_the_defaults()
    {
        var conf = Validate("""{"subnet":"100.100.1.0/24"}""");

        Assert.Equal("net", conf.NetworkName);
        Assert.Equal("humanz-cni0", conf.BridgeName);
        Assert.Equal(0, conf.Mtu);
        Assert.True(conf.IsDefaultGateway);
        Assert.Equal("100.100.1.0/24 (range 100.100.1.1-100.100.1.254)", Assert.Single(conf.RangeSets).ToString());
        Assert.Equal("100.100.1.1", conf.RangeSets[0].Ranges[0].Gateway!.ToString());
        Assert.Equal("/var/lib/cni/networks/net", conf.LeaseDirectory);
        Assert.Empty(conf.Peers);
    }

    [Fact]
    public void Keys_match_case_insensitively_like_gos_decoder()
    {
        var conf = Validate("""{"Subnet":"100.100.1.0/24","BRIDGE":"br9","MTU":1400,"IPAM":{"DataDir":"/tmp/leases"}}""");

        Assert.Equal("br9", conf.BridgeName);
        Assert.Equal(1400, conf.Mtu);
        Assert.Equal("/tmp/leases/net", conf.LeaseDirectory);
    }

    [Theory]
    [InlineData("100.100.1.0")]
    [InlineData("100.100.1.0/33")]
    [InlineData("100.100.1/24")]
    [InlineData("subnet")]
    public void Bad_subnet_text_is_refused_with_an_example(string subnet)
    {
        Assert.Contains($"\"{subnet}\" is not a subnet in CIDR form such as 10.1.2.0/24 or fd00:1::/64", Refusal($$"""{"subnet":"{{subnet}}"}"""));
    }

    [Fact]
    public void Subnet_with_host_bits_set_is_refused_with_the_network_to_write_instead()
    {
        var message = Refusal("""{"subnet":"100.100.1.5/24"}""");

        Assert.Contains("100.100.1.5/24 has host bits set; the /24 network holding 100.100.1.5 is 100.100.1.0/24, write that instead", message);
    }

    [Theory]
    [InlineData("100.100.1.0/31", "/30")]
    [InlineData("100.100.1.0/32", "/30")]
    [InlineData("fd00::/127", "/126")]
    [InlineData("fd00::/128", "/126")]
    public void Subnets_too_small_for_a_gateway_and_a_pod_are_refused(string subnet, string largestPrefix)
    {
        var message = Refusal($$"""{"subnet":"{{subnet}}"}""");

        Assert.Contains($"{subnet} is too small to allocate from", message);
        Assert.Contains($"use a prefix of {largestPrefix} or shorter", message);
    }

    [Fact]
    public void A_30_is_the_smallest_ipv4_subnet_accepted()
    {
        Assert.Equal("100.100.1.0/30 (range 100.100.1.1-100.100.1.2)", Validate("""{"subnet":"100.100.1.0/30"}""").RangeSets[0].ToString());
    }

    [Fact]
    public void Gateway_outside_the_subnet_is_refused_naming_the_gateway_field()
    {
        var message = Refusal("""{"subnet":"100.100.1.0/24","gateway":"1.2.3.4"}""");

        Assert.Contains("1.2.3.4 is not a usable address of subnet 100.100.1.0/24", message);
    }

    /// <summary>
    /// The shorthand fields are top-level "subnet" and "gateway"; messages must name them as written, not as
    /// "subnet.subnet" / "subnet.gateway", paths that do not exist in the config (ipam.subnet is named right).
    /// </summary>
    [Theory]
    [InlineData("""{"subnet":"100.100.1.0"}""", "subnet")]
    [InlineData("""{"subnet":"100.100.1.0/24","gateway":"1.2.3.4"}""", "gateway")]
    public void Shorthand_subnet_and_gateway_errors_name_the_top_level_field(string json, string field)
    {
        var message = Refusal(json);

        Assert.DoesNotContain("subnet." + field, message);
        Assert.StartsWith(field + " ", message);
    }

    [Fact]
    public void Ipam_subnet_errors_name_the_ipam_field()
    {
        Assert.StartsWith("ipam.subnet \"x\" is not a subnet", Refusal("""{"ipam":{"subnet":"x"}}"""));
    }

    [Fact]
    public void Bridge_name_longer_than_15_bytes_is_refused_with_its_length()
    {
        Assert.Equal(
            "bridge \"0123456789abcdef\" is 16 bytes long; Linux link names hold at most 15",
            Refusal("""{"subnet":"100.100.1.0/24","bridge":"0123456789abcdef"}"""));
    }

    [Fact]
    public void Bridge_name_length_counts_utf8_bytes()
    {
        Assert.Contains("is 16 bytes long", Refusal("""{"subnet":"100.100.1.0/24","bridge":"brüüüüüüü"}"""));
    }

    [Theory]
    [InlineData("br/0")]
    [InlineData("br:0")]
    [InlineData("br 0")]
    [InlineData(".")]
    [InlineData("..")]
    public void Bridge_names_with_bad_characters_are_refused(string bridge)
    {
        Assert.Equal(
            $"bridge \"{bridge}\" is not a valid link name: no '/', ':' or whitespace, and not '.' or '..'",
            Refusal($$"""{"subnet":"100.100.1.0/24","bridge":"{{bridge}}"}"""));
    }

    [Fact]
    public void Empty_bridge_name_is_refused()
    {
        Assert.StartsWith("bridge is empty", Refusal("""{"subnet":"100.100.1.0/24","bridge":""}"""));
    }

    [Theory]
    [InlineData("100.100.1.0/24", -1, "68..65535")]
    [InlineData("100.100.1.0/24", 67, "68..65535")]
    [InlineData("100.100.1.0/24", 65536, "68..65535")]
    [InlineData("fd00::/64", 1279, "1280..65535")] // IPv6 needs at least 1280
    public void Mtu_out_of_range_is_refused_with_the_valid_range(string subnet, int mtu, string range)
    {
        Assert.Equal(
            $"mtu {mtu} is out of range: use {range} (or leave it out for the kernel's default)",
            Refusal($$"""{"subnet":"{{subnet}}","mtu":{{mtu}}}"""));
    }

    [Theory]
    [InlineData("100.100.1.0/24", 68)]
    [InlineData("100.100.1.0/24", 65535)]
    [InlineData("fd00::/64", 1280)]
    [InlineData("100.100.1.0/24", 0)] // 0 means "the kernel's default", as when left out
    public void Mtu_at_the_bounds_is_accepted(string subnet, int mtu)
    {
        Assert.Equal(mtu, Validate($$"""{"subnet":"{{subnet}}","mtu":{{mtu}}}""").Mtu);
    }

    [Fact]
    public void Mtu_of_the_wrong_json_type_names_the_field()
    {
        Assert.Contains("$.mtu has the wrong type", Refusal("""{"subnet":"100.100.1.0/24","mtu":"1500"}"""));
    }

    [Theory]
    [InlineData("dhcp")]
    [InlineData("static")]
    [InlineData("whereabouts")]
    public void Ipam_types_other_than_host_local_are_refused(string type)
    {
        var message = Refusal($$$"""{"ipam":{"type":"{{{type}}}","subnet":"100.100.1.0/24"}}""");

        Assert.StartsWith($"ipam.type \"{type}\" is not supported", message);
        Assert.Contains("remove ipam.type or set it to \"host-local\"", message);
    }

    [Fact]
    public void Ipam_type_host_local_is_accepted()
    {
        Assert.Single(Validate("""{"ipam":{"type":"host-local","subnet":"100.100.1.0/24"}}""").RangeSets);
    }

    [Theory]
    [InlineData("""{"subnet":"100.100.1.0/24","ipam":{"ranges":[[{"subnet":"100.100.2.0/24"}]]}}""")]
    [InlineData("""{"subnet":"100.100.1.0/24","ipam":{"subnet":"100.100.2.0/24"}}""")]
    [InlineData("""{"ipam":{"subnet":"100.100.1.0/24","ranges":[[{"subnet":"100.100.2.0/24"}]]}}""")]
    public void Two_address_range_forms_at_once_are_refused(string json)
    {
        Assert.Equal(
            "more than one address range form: set only one of \"subnet\", \"ipam.subnet\" or \"ipam.ranges\"",
            Refusal(json));
    }

    [Fact]
    public void No_address_range_at_all_is_refused_with_an_example()
    {
        Assert.StartsWith("no address range: set \"subnet\"", Refusal("{}"));
    }

    [Theory]
    [InlineData("""{"ipam":{"ranges":[]}}""", "ipam.ranges is empty")]
    [InlineData("""{"ipam":{"ranges":[[]]}}""", "ipam.ranges[0] is empty")]
    [InlineData("""{"ipam":{"ranges":[[{"subnet":""}]]}}""", "ipam.ranges[0][0].subnet is missing")]
    [InlineData("""{"ipam":{"ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"10.1.0.0/24"}]]}}""", "ipam.ranges has two range sets of the same address family")]
    [InlineData("""{"ipam":{"ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"fd00::/64","gateway":"10.0.0.1"}]]}}""", "ipam.ranges[1][0].gateway 10.0.0.1 is IPv4 but subnet fd00::/64 is IPv6")]
    public void Ipam_ranges_problems_name_the_range(string json, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Refusal(json));
    }

    [Fact]
    public void Dual_stack_ranges_give_one_set_per_family()
    {
        var conf = Validate("""{"ipam":{"ranges":[[{"subnet":"10.0.0.0/24"}],[{"subnet":"fd00::/64"}]]}}""");

        Assert.Equal(2, conf.RangeSets.Count);
    }

    [Theory]
    [InlineData("100.100.0.0/16")] // contains our subnet
    [InlineData("100.100.1.128/25")] // inside our subnet
    [InlineData("100.100.1.0/24")] // the same subnet
    public void Peers_overlapping_the_nodes_own_subnet_are_refused(string peerSubnet)
    {
        Assert.Equal(
            $"peers[0].subnet {peerSubnet} overlaps this node's own pod subnet; each node needs its own subnet",
            Refusal($$"""{"subnet":"100.100.1.0/24","peers":[{"subnet":"{{peerSubnet}}","via":"200.0.0.30"}]}"""));
    }

    [Fact]
    public void Peers_next_to_the_nodes_subnet_are_accepted()
    {
        var conf = Validate("""{"subnet":"100.100.1.0/24","peers":[{"subnet":"100.100.2.0/24","via":"200.0.0.30"},{"subnet":"100.100.0.0/24","via":"200.0.0.31"}]}""");

        Assert.Equal(["100.100.2.0/24 via 200.0.0.30", "100.100.0.0/24 via 200.0.0.31"], conf.Peers.Select(p => $"{p.Subnet} via {p.Via}"));
    }

    [Theory]
    [InlineData("100.100.2.0/24", "fd00::1", "peers[1].via fd00::1 is not of the same address family as peers[1].subnet 100.100.2.0/24")]
    [InlineData("fd00:2::/64", "200.0.0.30", "peers[1].via 200.0.0.30 is not of the same address family as peers[1].subnet fd00:2::/64")]
    public void Peers_via_an_address_of_the_other_family_are_refused(string subnet, string via, string expected)
    {
        var json = $$"""{"subnet":"100.100.1.0/24","peers":[{"subnet":"100.100.3.0/24","via":"200.0.0.31"},{"subnet":"{{subnet}}","via":"{{via}}"}]}""";

        Assert.Equal(expected, Refusal(json));
    }

    [Theory]
    [InlineData("""{"subnet":"100.100.2.0/24"}""", "peers[0].via \"\" is not an IP address")]
    [InlineData("""{"subnet":"100.100.2.0/24","via":"node-2"}""", "peers[0].via \"node-2\" is not an IP address")]
    [InlineData("""{"via":"200.0.0.30"}""", "peers[0].subnet \"\" is not a CIDR network")]
    [InlineData("""{"subnet":"100.100.2.0","via":"200.0.0.30"}""", "peers[0].subnet \"100.100.2.0\" is not a CIDR network")]
    public void Peers_with_missing_or_bad_fields_are_refused_naming_them(string peer, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Refusal($$"""{"subnet":"100.100.1.0/24","peers":[{{peer}}]}"""));
    }

    /// <summary>
    /// The validator's own message promises "a CIDR network with host bits zero", and the pod subnet refuses
    /// host bits as a likely typo; but .NET's IPNetwork.TryParse silently masks them, so a peer written
    /// "100.100.2.5/24" is taken as 100.100.2.0/24 today. This asserts the promised behaviour.
    /// </summary>
    [Fact]
    public void Peer_subnet_with_host_bits_set_is_refused_like_the_pod_subnet()
    {
        Assert.StartsWith(
            "peers[0].subnet \"100.100.2.5/24\" is not a CIDR network with host bits zero",
            Refusal("""{"subnet":"100.100.1.0/24","peers":[{"subnet":"100.100.2.5/24","via":"200.0.0.30"}]}"""));
    }

    /// <summary>Same promise for ipam.routes[].dst, which goes through the same parser.</summary>
    [Fact]
    public void Route_destination_with_host_bits_set_is_refused()
    {
        Assert.StartsWith(
            "ipam.routes[0].dst \"10.0.0.1/8\" is not a CIDR network with host bits zero",
            Refusal("""{"subnet":"100.100.1.0/24","ipam":{"routes":[{"dst":"10.0.0.1/8"}]}}"""));
    }

    [Fact]
    public void Route_gateway_that_is_not_an_address_is_refused()
    {
        Assert.Equal(
            "ipam.routes[0].gw \"x\" is not an IP address",
            Refusal("""{"subnet":"100.100.1.0/24","ipam":{"routes":[{"dst":"10.0.0.0/8","gw":"x"}]}}"""));
    }

    [Theory]
    [InlineData(null, "name is missing")]
    [InlineData("", "name is missing")]
    [InlineData("-net", "name \"-net\" is invalid")]
    [InlineData("a/b", "name \"a/b\" is invalid")] // the name becomes a directory under dataDir
    [InlineData("..", "name \"..\" is invalid")]
    [InlineData("my net", "name \"my net\" is invalid")]
    public void Invalid_network_names_are_refused(string? name, string expectedStart)
    {
        Assert.StartsWith(expectedStart, Refusal("""{"subnet":"100.100.1.0/24"}""", name));
    }

    [Fact]
    public void Network_names_with_dots_dashes_and_underscores_are_accepted()
    {
        Assert.Equal("/var/lib/cni/networks/k8s-pod_net.v2", Validate("""{"subnet":"100.100.1.0/24"}""", "k8s-pod_net.v2").LeaseDirectory);
    }
}
