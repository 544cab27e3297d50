using System.Text.Json;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Static;

namespace HumanzCni.Tests.Agent;

/// <summary>Dual-stack nodes as records (one per node and family): static files, the view's peers, the rendered conflist.</summary>
public sealed class DualStackRecordsTests
{
    [Fact]
    public void A_static_node_with_address_and_subnet_lists_is_one_record_per_family_and_single_fields_still_count()
    {
        var warnings = new List<string>();
        var records = StaticClusterFile.Parse("""
            {"nodes": [
              {"name": "node1", "addresses": ["200.0.0.10", "fd00:200::10"], "subnets": ["100.100.1.0/24", "fd00:100:1::/64"]},
              {"name": "node2", "address": "200.0.0.20", "addresses": ["fd00:200::20"], "subnet": "100.100.2.0/24", "subnets": ["fd00:100:2::/64"]},
              {"name": "node3", "address": "200.0.0.30", "subnet": "100.100.3.0/24"}
            ]}
            """, "cluster.json", warnings);

        Assert.Equal(
            [
                new NodeRecord("node1", "200.0.0.10", "100.100.1.0/24"), new NodeRecord("node1", "fd00:200::10", "fd00:100:1::/64"),
                new NodeRecord("node2", "200.0.0.20", "100.100.2.0/24"), new NodeRecord("node2", "fd00:200::20", "fd00:100:2::/64"),
                new NodeRecord("node3", "200.0.0.30", "100.100.3.0/24"),
            ],
            records);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_subnet_without_an_address_of_its_family_is_left_out_with_a_warning()
    {
        var warnings = new List<string>();
        var records = StaticClusterFile.Parse("""
            {"nodes": [{"name": "node2", "addresses": ["200.0.0.20"], "subnets": ["100.100.2.0/24", "fd00:100:2::/64"]}]}
            """, "cluster.json", warnings);

        Assert.Equal([new NodeRecord("node2", "200.0.0.20", "100.100.2.0/24")], records);
        Assert.Equal(["node node2 has no IPv6 address: its subnet fd00:100:2::/64 is left out"], warnings);
    }

    [Theory]
    [InlineData("""{"name": "a", "addresses": ["200.0.0.10"], "subnets": ["100.100.1.0/24", "100.100.2.0/24"]}""", "node a: two IPv4 subnets: give at most one per family")]
    [InlineData("""{"name": "a", "addresses": ["200.0.0.10", "200.0.0.11"], "subnet": "100.100.1.0/24"}""", "node a: two IPv4 addresses: give at most one per family")]
    [InlineData("""{"name": "a", "addresses": ["200.0.0.10", "nope"], "subnet": "100.100.1.0/24"}""", "node a: address 'nope' is not an IP address")]
    [InlineData("""{"name": "a", "addresses": ["fd00::1", "fd00::2"], "subnets": []}""", "node a needs a subnet")]
    [InlineData("""{"name": "a", "addresses": ["fd00:200::10"], "subnets": ["100.100.1.0/24", "100.101.1.0/24"]}""", "node a: two IPv4 subnets")]
    [InlineData("""{"name": "a", "addresses": ["fd00:200::10", "200.0.0.10"], "subnets": ["100.100.1.0/24", "fd00:100:1::5/64"]}""", "node a: subnet 'fd00:100:1::5/64' is not a CIDR without host bits")]
    [InlineData("""{"name": "a", "addresses": ["fd00:200::10"], "subnets": ["100.100.1.0/24"], "subnet": "100.100.2.0/24"}""", "node a: two IPv4 subnets")]
    public void Bad_dual_stack_nodes_are_refused_naming_the_problem(string node, string fragment)
    {
        var error = Assert.Throws<FormatException>(() => StaticClusterFile.Parse($$"""{"nodes": [{{node}}]}""", "cluster.json"));

        Assert.Contains($"cluster.json: {fragment}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_ipv6_subnets_of_two_nodes_are_refused()
    {
        var error = Assert.Throws<FormatException>(() => StaticClusterFile.Parse("""
            {"nodes": [
              {"name": "a", "addresses": ["200.0.0.10", "fd00:200::10"], "subnets": ["100.100.1.0/24", "fd00:100::/32"]},
              {"name": "b", "addresses": ["200.0.0.20", "fd00:200::20"], "subnets": ["100.100.2.0/24", "fd00:100:2::/64"]}
            ]}
            """, "cluster.json"));

        Assert.Contains("subnets of a (fd00:100::/32) and b (fd00:100:2::/64) overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_view_leaves_out_both_own_records_and_keeps_every_family_of_the_peers()
    {
        NodeRecord self4 = new("node1", "200.0.0.10", "100.100.1.0/24"), self6 = new("node1", "fd00:200::10", "fd00:100:1::/64");
        NodeRecord peer4 = new("node2", "200.0.0.20", "100.100.2.0/24"), peer6 = new("node2", "fd00:200::20", "fd00:100:2::/64");
        var view = new ClusterView("node1");

        Assert.True(view.Apply(new OwnSubnetHeld([self4, self6])));
        Assert.False(view.Apply(new OwnSubnetHeld([self4, self6])));
        view.Apply(new ClusterSnapshot(new Dictionary<string, NodeRecord> { ["a"] = self4, ["b"] = self6, ["c"] = peer4, ["d"] = peer6 }));

        Assert.Equal([self4, self6], view.Own);
        Assert.Equal([peer4, peer6], view.Peers());

        // Losing a family (a re-acquired lease of one family only, say) is a change: the conflist is rendered again.
        Assert.True(view.Apply(new OwnSubnetHeld(self4)));
        Assert.Equal([self4], view.Own);
    }

    [Fact]
    public void A_dual_stack_conflist_puts_both_subnets_into_ipam_ranges_and_keeps_the_data_dir()
    {
        var settings = new ConflistSettings { IpamDataDir = "/var/lib/x" };
        using var document = JsonDocument.Parse(ConflistTemplate.Load(null).Render(settings, "100.100.3.0/24", "fd00:100:3::/64"));

        var plugin = document.RootElement.GetProperty("plugins")[0];
        Assert.False(plugin.TryGetProperty("subnet", out _));
        var ipam = plugin.GetProperty("ipam");
        Assert.Equal("/var/lib/x", ipam.GetProperty("dataDir").GetString());
        Assert.Equal(
            ["100.100.3.0/24", "fd00:100:3::/64"],
            ipam.GetProperty("ranges").EnumerateArray().Select(set => set.EnumerateArray().Single().GetProperty("subnet").GetString()));
    }

    [Fact]
    public void A_single_subnet_conflist_is_rendered_as_before()
    {
        var text = ConflistTemplate.Load(null).Render(new ConflistSettings(), "100.100.3.0/24");

        Assert.Contains("\"bridge\": \"humanz-cni0\",\n      \"subnet\": \"100.100.3.0/24\",\n      \"mtu\": 1500\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ranges", text, StringComparison.Ordinal);
    }
}
