using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Kubernetes;
using k8s.Models;

namespace HumanzCni.Tests.Agent;

public sealed class NodeSubnetsTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Every_other_node_gets_one_record_per_podCIDR_via_its_internal_address_keyed_by_name_and_cidr()
    {
        var own = Node("n1", 0, ["100.100.11.0/24"], ["200.0.0.10"]);
        var n2 = Node("n2", 1, ["100.100.12.0/24"], ["200.0.0.20"]);
        var n3 = Node("n3", 2, ["100.100.13.0/24"], ["200.0.0.30"]);

        var subnets = NodeSubnets.Map(own, [own, n2, n3]);

        Assert.Equal([new NodeRecord("n1", "200.0.0.10", "100.100.11.0/24")], subnets.Own);
        Assert.Equal(
            new Dictionary<string, NodeRecord>
            {
                ["n2/100.100.12.0/24"] = new("n2", "200.0.0.20", "100.100.12.0/24"),
                ["n3/100.100.13.0/24"] = new("n3", "200.0.0.30", "100.100.13.0/24"),
            },
            subnets.Peers);
        Assert.Empty(subnets.Warnings);
    }

    [Fact]
    public void PodCIDRs_win_over_the_single_podCIDR_which_is_used_when_they_are_missing()
    {
        var own = Node("n1", 0, ["100.100.11.0/24"], ["200.0.0.10"]);
        var both = Node("n2", 1, ["100.100.12.0/24"], ["200.0.0.20"], podCidr: "100.100.99.0/24");
        var onlySingle = Node("n3", 2, [], ["200.0.0.30"], podCidr: "100.100.13.0/24");

        var subnets = NodeSubnets.Map(own, [both, onlySingle]);

        Assert.Equal(["100.100.12.0/24", "100.100.13.0/24"], subnets.Peers.Values.Select(r => r.Subnet).Order());
        Assert.Equal("100.100.11.0/24", NodeSubnets.Map(Node("n1", 0, [], [], podCidr: "100.100.11.0/24"), []).Own.Single().Subnet);
    }

    [Fact]
    public void Dual_stack_nodes_are_routed_per_family_via_the_internal_address_of_that_family()
    {
        var own = Node("n1", 0, ["100.100.11.0/24", "fd00:11::/64"], ["200.0.0.10", "fd00::10"]);
        var n2 = Node("n2", 1, ["100.100.12.0/24", "fd00:12::/64"], ["fd00::20", "200.0.0.20"]);

        var subnets = NodeSubnets.Map(own, [n2]);

        Assert.Equal(["100.100.11.0/24", "fd00:11::/64"], subnets.Own.Select(r => r.Subnet));
        Assert.Equal("fd00::10", subnets.Own[1].Address);
        Assert.Equal("200.0.0.20", subnets.Peers["n2/100.100.12.0/24"].Address);
        Assert.Equal("fd00::20", subnets.Peers["n2/fd00:12::/64"].Address);
    }

    [Fact]
    public void Only_the_families_this_node_has_are_routed()
    {
        var own = Node("n1", 0, ["100.100.11.0/24"], ["200.0.0.10"]);
        var n2 = Node("n2", 1, ["100.100.12.0/24", "fd00:12::/64"], ["200.0.0.20", "fd00::20"]);

        Assert.Equal(["n2/100.100.12.0/24"], NodeSubnets.Map(own, [n2]).Peers.Keys);
    }

    [Fact]
    public void A_node_without_an_internal_address_of_a_family_is_skipped_for_that_family_with_a_warning()
    {
        var own = Node("n1", 0, ["100.100.11.0/24", "fd00:11::/64"], ["200.0.0.10", "fd00::10"]);
        var v4Only = Node("n2", 1, ["100.100.12.0/24", "fd00:12::/64"], ["200.0.0.20"], externalIp: "fd00::99");

        var subnets = NodeSubnets.Map(own, [v4Only]);

        Assert.Equal(["n2/100.100.12.0/24"], subnets.Peers.Keys);
        Assert.Equal("node n2 has no IPv6 InternalIP in status.addresses: its podCIDR fd00:12::/64 is not routed", Assert.Single(subnets.Warnings));
    }

    [Fact]
    public void Of_two_nodes_whose_podCIDRs_overlap_the_one_created_later_is_skipped_with_a_warning_whatever_the_order_given()
    {
        var own = Node("n1", 0, ["100.100.11.0/24"], ["200.0.0.10"]);
        var earlier = Node("n3", 1, ["100.100.0.0/16"], ["200.0.0.30"]);
        var later = Node("n2", 2, ["100.100.12.0/24"], ["200.0.0.20"]);
        var same = Node("n4", 3, ["100.100.12.0/24"], ["200.0.0.40"]);

        var subnets = NodeSubnets.Map(own, [same, later, earlier]);

        // n3's /16 holds this node's own /24, which comes first; n2 and n4 lie in n3's /16, and n3 is older.
        Assert.Empty(subnets.Peers);
        Assert.Equal(
            [
                "node n3: podCIDR 100.100.0.0/16 overlaps 100.100.11.0/24 of node n1, which takes precedence: not routed",
                "node n2: podCIDR 100.100.12.0/24 overlaps 100.100.0.0/16 of node n3, which takes precedence: not routed",
                "node n4: podCIDR 100.100.12.0/24 overlaps 100.100.0.0/16 of node n3, which takes precedence: not routed",
            ],
            subnets.Warnings);

        var withoutOwnOverlap = NodeSubnets.Map(own, [same, later]);
        Assert.Equal(["n2/100.100.12.0/24"], withoutOwnOverlap.Peers.Keys);
        Assert.Equal("node n4: podCIDR 100.100.12.0/24 overlaps 100.100.12.0/24 of node n2, which takes precedence: not routed", Assert.Single(withoutOwnOverlap.Warnings));
    }

    [Fact]
    public void A_node_without_a_podCIDR_yet_has_no_record_and_this_node_without_one_has_no_subnet_and_routes_nothing()
    {
        var own = Node("n1", 0, ["100.100.11.0/24"], ["200.0.0.10"]);
        var pending = Node("n2", 1, [], ["200.0.0.20"]);
        Assert.Empty(NodeSubnets.Map(own, [pending]).Peers);

        var unassigned = NodeSubnets.Map(Node("n1", 0, [], ["200.0.0.10"]), [Node("n2", 1, ["100.100.12.0/24"], ["200.0.0.20"])]);
        Assert.Empty(unassigned.Own);
        Assert.Empty(unassigned.Peers);
    }

    [Fact]
    public void A_malformed_podCIDR_is_ignored_with_a_warning()
    {
        var own = Node("n1", 0, ["100.100.11.0/24"], ["200.0.0.10"]);
        var n2 = Node("n2", 1, ["100.100.12.1/24"], ["200.0.0.20"]);

        var subnets = NodeSubnets.Map(own, [n2]);

        Assert.Empty(subnets.Peers);
        Assert.Equal("node n2: podCIDR '100.100.12.1/24' is not a CIDR without host bits: ignored", Assert.Single(subnets.Warnings));
    }

    private static V1Node Node(string name, int createdSecond, string[] podCidrs, string[] internalIps, string? podCidr = null, string? externalIp = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, CreationTimestamp = Start.AddSeconds(createdSecond) },
        Spec = new V1NodeSpec { PodCIDRs = podCidrs, PodCIDR = podCidr ?? podCidrs.FirstOrDefault() },
        Status = new V1NodeStatus
        {
            Addresses =
            [
                .. internalIps.Select(ip => new V1NodeAddress { Type = NodeSubnets.InternalIp, Address = ip }),
                .. externalIp is null ? [] : new[] { new V1NodeAddress { Type = "ExternalIP", Address = externalIp } },
                new V1NodeAddress { Type = "Hostname", Address = name },
            ],
        },
    };
}
