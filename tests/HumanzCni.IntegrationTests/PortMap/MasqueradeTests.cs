using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HumanzCni.Chain.Config;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Forwarding;

namespace HumanzCni.IntegrationTests.PortMap;

/// <summary>humanz-cni's ipMasq and forwarding rules: outside the node pods appear as the node, to the cluster range as themselves, even on a node whose iptables-nft FORWARD policy is drop (Docker's).</summary>
public sealed class MasqueradeTests
{
    private const string Network = "hzt-net";
    private const string ClusterAddress = "100.64.0.2";

    [Fact]
    public void Masqueraded_pods_reach_another_host_as_the_node_and_the_cluster_range_as_themselves_through_a_forward_drop_policy()
    {
        using var node = new TestNode("hzmq");
        using var host = new OtherHost(node);
        // The other host also stands for the cluster range (another node's pods): 100.64.0.0/16 via it.
        host.Namespace.Ip("addr", "add", $"{ClusterAddress}/32", "dev", "lo");
        node.Namespace.Ip("route", "add", "100.64.0.0/16", "via", OtherHost.HostAddress);
        // What Docker leaves on a node: iptables-nft's filter table with FORWARD policy drop.
        node.Nft("table ip filter {\n chain FORWARD {\n  type filter hook forward priority filter; policy drop;\n }\n}\n");
        var before = node.NftRuleset();
        var config = node.Config();
        config["ipMasq"] = true;
        config["nonMasqueradeCidrs"] = new JsonArray("100.64.0.0/16");
        node.WriteConflist(Network, "1.0.0", config);
        var first = node.CreatePod("hzmq-pod");
        var second = node.CreatePod("hzmq-pod");
        var firstAddress = CniResults.PodAddress(node.Cnictl("add", Network, first.Path, "mq-1").EnsureSuccess("cnictl add first").Json());
        var secondAddress = CniResults.PodAddress(node.Cnictl("add", Network, second.Path, "mq-2").EnsureSuccess("cnictl add second").Json());

        Assert.Equal(OtherHost.NodeAddress, Socat.Exchange(host.Namespace, 9000, "tcp", first.Name, OtherHost.HostAddress, 9000));
        Assert.Equal(firstAddress, Socat.Exchange(host.Namespace, 9000, "tcp", first.Name, ClusterAddress, 9000));
        Assert.Equal(OtherHost.NodeAddress, Socat.Exchange(host.Namespace, 9000, "udp", second.Name, OtherHost.HostAddress, 9000));
        node.Cnictl("check", Network, first.Path, "mq-1").EnsureSuccess("cnictl check");

        node.Cnictl("del", Network, first.Path, "mq-1").EnsureSuccess("cnictl del first");
        Assert.Equal(OtherHost.NodeAddress, Socat.Exchange(host.Namespace, 9000, "tcp", second.Name, OtherHost.HostAddress, 9000));
        Assert.Equal(secondAddress, Socat.Exchange(host.Namespace, 9000, "tcp", second.Name, ClusterAddress, 9000));

        node.Cnictl("del", Network, second.Path, "mq-2").EnsureSuccess("cnictl del second");
        Assert.Equal(before, node.NftRuleset());
    }

    [Fact]
    public void Without_ip_masq_pods_keep_their_address_and_a_network_without_rules_leaves_the_ruleset_alone()
    {
        using var node = new TestNode("hzmq");
        using var host = new OtherHost(node);
        node.WriteConflist(Network, "1.0.0", node.Config());
        var pod = node.CreatePod("hzmq-pod");
        var before = node.NftRuleset();

        var address = CniResults.PodAddress(node.Cnictl("add", Network, pod.Path, "nomq-1").EnsureSuccess("cnictl add").Json());

        Assert.Equal(before, node.NftRuleset());
        Assert.Equal(address, Socat.Exchange(host.Namespace, 9000, "tcp", pod.Name, OtherHost.HostAddress, 9000));
        node.Cnictl("del", Network, pod.Path, "nomq-1").EnsureSuccess("cnictl del");
    }

    /// <summary>A name that fit an earlier version's tag as it is and is hashed in today's; one hashed in both.</summary>
    public static TheoryData<string, bool> EarlierTagCases => new()
    {
        { Network, false },
        { Network, true },
        { "hzt-" + new string('n', 101), false },
        { "hzt-" + new string('n', 116), true },
    };

    [Theory]
    [MemberData(nameof(EarlierTagCases))]
    public void Check_accepts_the_network_rules_an_earlier_version_tagged_with_sha256_add_replaces_them_and_del_or_gc_removes_them(string network, bool byGc)
    {
        using var node = new TestNode("hzmq");
        // What Docker leaves on a node: the FORWARD accepts carry the network's tag too.
        node.Nft("table ip filter {\n chain FORWARD {\n  type filter hook forward priority filter; policy drop;\n }\n}\n");
        var before = node.NftRuleset();
        var config = node.Config(name: network);
        config["ipMasq"] = true;
        node.WriteConflist(network, "1.0.0", config);
        var first = node.CreatePod("hzmq-pod");
        var second = node.CreatePod("hzmq-pod");
        var third = node.CreatePod("hzmq-pod");
        node.Cnictl("add", network, first.Path, "mqold-1").EnsureSuccess("cnictl add first");
        node.Cnictl("add", network, second.Path, "mqold-2").EnsureSuccess("cnictl add second");
        var tag = Assert.Single(NetworkTags(node.NftRuleset()));
        Assert.Matches("^hz-net:[^:]+:[0-9a-f]{16}$", tag);
        var rules = NetworkRules.For(HumanzConfigValidator.Validate(JsonFields.Parse(Encoding.UTF8.GetBytes(config.ToJsonString())), network), new HashSet<string> { "ip" });
        Assert.Equal(3, rules.Count); // masquerade, and the FORWARD accepts from and to the subnet
        var earlier = EarlierTag(network, string.Join('\n', rules.Select(r => r.Command)));
        Assert.Equal(3, Retag(node, tag, earlier));

        // A node upgraded from a SHA-256 version, before the network's next ADD: its rules as they are pass CHECK, and
        // the same form with another hash (other rules) does not.
        node.Cnictl("check", network, first.Path, "mqold-1").EnsureSuccess("cnictl check of the earlier tag");
        var otherRules = earlier[..^8] + new string('0', 8);
        Retag(node, earlier, otherRules);
        var check = node.Cnictl("check", network, first.Path, "mqold-1");
        Assert.NotEqual(0, check.ExitCode);
        Assert.Contains(earlier, check.StandardOutput + check.StandardError);
        Retag(node, otherRules, earlier);

        // The next ADD writes today's tag in their place, once.
        node.Cnictl("add", network, third.Path, "mqold-3").EnsureSuccess("cnictl add third");
        var replaced = node.NftRuleset();
        Assert.Equal([tag], NetworkTags(replaced));
        Assert.Equal(3, Regex.Count(replaced, Regex.Escape($"comment \"{tag}\"")));
        node.Cnictl("check", network, first.Path, "mqold-1").EnsureSuccess("cnictl check after the ADD");

        // Until the last pod goes, the earlier tag keeps the rules like today's; then the DEL, or a GC, takes them away.
        Retag(node, tag, earlier);
        node.Cnictl("del", network, third.Path, "mqold-3").EnsureSuccess("cnictl del third");
        node.Cnictl("del", network, first.Path, "mqold-1").EnsureSuccess("cnictl del first");
        Assert.Equal([earlier], NetworkTags(node.NftRuleset()));
        if (byGc)
        {
            var gc = node.Config("1.1.0", network);
            gc["ipMasq"] = true;
            gc["cni.dev/valid-attachments"] = new JsonArray();
            node.Invoke("GC", gc).EnsureSuccess("GC");
        }
        else
        {
            node.Cnictl("del", network, second.Path, "mqold-2").EnsureSuccess("cnictl del second");
        }

        Assert.Equal(before, node.NftRuleset());
    }

    /// <summary>The distinct network tags (`hz-net:`) in a ruleset.</summary>
    private static List<string> NetworkTags(string ruleset) =>
        Regex.Matches(ruleset, "comment \"(hz-net:[^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>Rewrites the ruleset with the rules commented <paramref name="tag"/> commented <paramref name="replacement"/>; returns how many.</summary>
    private static int Retag(TestNode node, string tag, string replacement)
    {
        var ruleset = node.NftRuleset();
        node.Nft("flush ruleset\n" + ruleset.Replace($"comment \"{tag}\"", $"comment \"{replacement}\"", StringComparison.Ordinal));
        return Regex.Count(ruleset, Regex.Escape($"comment \"{tag}\""));
    }

    /// <summary>
    /// What versions before XxHash3 wrote on a network's rules: `hz-net:NAME:` (or `hz-net:sha256-` and 32 hex
    /// digits of the name's SHA-256 when "hz-net:NAME:" and 8 digits did not fit 118 characters) and 8 hex digits of
    /// the SHA-256 of the rules' nft text.
    /// </summary>
    private static string EarlierTag(string network, string rulesText) =>
        "hz-net:" + ("hz-net:".Length + network.Length < 118 ? network : "sha256-" + Sha256(network)[..32]) + ":" + Sha256(rulesText)[..8];

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
