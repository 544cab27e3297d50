using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HumanzCni.IntegrationTests.Harness;
using HumanzCni.Netlink;
using HumanzCni.Stages.Bandwidth;
using HumanzCni.Stages.Nat;
using HumanzCni.Stages.PortMap;

namespace HumanzCni.IntegrationTests.PortMap;

/// <summary>
/// humanz-cni alone, declaring the portMappings and bandwidth capabilities: one plugin, one exec, serves a pod's
/// host port and bandwidth limits, through libcni (cnictl) and through the chain runner; a failure late in its
/// pipeline takes everything back, and DEL leaves nothing, with or without the netns.
/// </summary>
public sealed class OnePluginTests
{
    private const string Network = "hzt-one";

    public static TheoryData<string> Runners => ["cnictl", "chain"];

    [Theory]
    [MemberData(nameof(Runners))]
    public void One_plugin_maps_the_host_port_and_shapes_the_pod_and_del_leaves_nothing(string runner)
    {
        using var node = new TestNode("hzop");
        using var host = new OtherHost(node);
        var pod = node.CreatePod("hzop-pod");
        node.WriteConflist(Network, "1.0.0", OnePlugin(node));
        var before = node.NftRuleset();
        var capArgs = CapabilityArgs(8090, 80);

        var result = Run(node, runner, "add", pod, "op-1", capArgs).EnsureSuccess($"{runner} add");
        var podAddress = CniResults.PodAddress(result.Json());

        // One plugin in the conflist: the result is humanz-cni's own, with the host port and the limits in place.
        Assert.Equal(OtherHost.HostAddress, Socat.Exchange(pod, 80, "tcp", host.Name, OtherHost.NodeAddress, 8090));
        Assert.Equal("100.100.1.1", Socat.Exchange(pod, 80, "tcp", node.Namespace.Name, "127.0.0.1", 8090));
        Assert.Matches($"tcp \\. 8090 comment \"hz:op-1/eth0@[0-9a-f]{{16}}\" : {Regex.Escape(podAddress)} \\. 80", node.NftRuleset());
        var veth = Assert.Single(PodVeths(node));
        Assert.Equal(["ingress", "tbf"], node.QdiscKinds(veth));
        Assert.Contains("rate 10Mbit", node.Tc("qdisc", "show", "dev", veth));
        var ifb = Assert.Single(node.Ifbs());
        Assert.Contains("rate 20Mbit", node.Tc("qdisc", "show", "dev", ifb));
        Run(node, runner, "check", pod, "op-1", capArgs).EnsureSuccess($"{runner} check");

        Run(node, runner, "del", pod, "op-1", capArgs).EnsureSuccess($"{runner} del");
        AssertNothingLeft(node, before);
        var afterDel = node.NftRuleset();
        Run(node, runner, "del", pod, "op-1", capArgs).EnsureSuccess($"second {runner} del");
        Assert.Equal(afterDel, node.NftRuleset());
        AssertNothingLeft(node, before);
        node.AssertRulesetAsBeforeButTheEmptyHostPortLayout(Network, before);
    }

    [Fact]
    public void Without_mappings_or_limits_the_one_plugin_form_adds_no_rule_and_no_qdisc()
    {
        using var node = new TestNode("hzop");
        var pod = node.CreatePod("hzop-pod");
        node.WriteConflist(Network, "1.0.0", OnePlugin(node));
        var before = node.NftRuleset();

        node.Cnictl("add", Network, pod.Path, "op-plain").EnsureSuccess("cnictl add");

        Assert.Equal(before, node.NftRuleset());
        Assert.Empty(node.QdiscKinds(Assert.Single(PodVeths(node))));
        Assert.Empty(node.Ifbs());
        node.Cnictl("check", Network, pod.Path, "op-plain").EnsureSuccess("cnictl check");
        node.Cnictl("del", Network, pod.Path, "op-plain").EnsureSuccess("cnictl del");
        AssertNothingLeft(node, before);
    }

    [Fact]
    public void A_failure_after_the_port_mapping_undoes_the_rules_the_veth_and_the_lease()
    {
        using var node = new TestNode("hzop");
        var pod = node.CreatePod("hzop-pod");
        node.WriteConflist(Network, "1.0.0", OnePlugin(node));
        var before = node.NftRuleset();
        // Someone else's ifb under the attachment's name: the egress shaping, after the port mapping, fails.
        var ifb = IfbName.For("op-undo", "eth0");
        node.Namespace.Ip("link", "add", ifb, "type", "ifb");

        var add = node.Cnictl("add", Network, pod.Path, "op-undo", capabilityArgs: CapabilityArgs(8091, 80));

        Assert.NotEqual(0, add.ExitCode);
        Assert.Contains(ifb, add.StandardOutput + add.StandardError);
        AssertNoPodRules(node, before);
        Assert.Empty(PodVeths(node));
        Assert.Empty(node.Leases(Network));
        Assert.Equal([ifb], node.Ifbs());
    }

    [Fact]
    public void Del_without_netns_or_runtime_config_removes_the_rules_the_ifb_and_the_veth()
    {
        using var node = new TestNode("hzop");
        var pod = node.CreatePod("hzop-pod");
        node.WriteConflist(Network, "1.0.0", OnePlugin(node));
        var before = node.NftRuleset();
        node.Cnictl("add", Network, pod.Path, "op-nons", capabilityArgs: CapabilityArgs(8092, 80)).EnsureSuccess("cnictl add");
        Assert.NotEqual(before, node.NftRuleset());
        Assert.Single(node.Ifbs());

        // What containerd sends for a sandbox whose netns is gone: no CNI_NETNS, no prevResult, no runtimeConfig.
        var config = OnePlugin(node);
        config["cniVersion"] = "1.0.0";
        config["name"] = Network;
        node.Invoke("DEL", config, "op-nons", netns: "").EnsureSuccess("DEL without netns");

        AssertNothingLeft(node, before);
    }

    [Fact]
    public void Gc_removes_the_rules_the_ifb_and_the_veth_of_an_attachment_the_runtime_no_longer_lists()
    {
        using var node = new TestNode("hzop");
        var pod = node.CreatePod("hzop-pod");
        var before = node.NftRuleset();
        var config = OnePlugin(node);
        config["cniVersion"] = "1.1.0";
        config["name"] = Network;
        config["runtimeConfig"] = JsonNode.Parse(CapabilityArgs(8093, 80));
        // An ADD whose DEL never comes: the runtime forgot the pod.
        node.Invoke("ADD", config, "op-gc", pod.Path).EnsureSuccess("ADD");
        Assert.NotEqual(before, node.NftRuleset());
        Assert.Single(node.Ifbs());

        config.Remove("runtimeConfig");
        config["cni.dev/valid-attachments"] = new JsonArray();
        node.Invoke("GC", config).EnsureSuccess("GC");

        AssertNothingLeft(node, before);
        // A GC leaving no pod's element takes HumanzCni's table away too.
        Assert.Equal(before, node.NftRuleset());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Check_del_and_gc_find_the_elements_an_earlier_version_tagged_with_sha256(bool networkMark)
    {
        using var node = new TestNode("hzop");
        var pod = node.CreatePod("hzop-pod");
        var other = node.CreatePod("hzop-pod");
        node.WriteConflist(Network, "1.0.0", OnePlugin(node));
        var before = node.NftRuleset();
        node.Cnictl("add", Network, pod.Path, "op-old", capabilityArgs: CapabilityArgs(8094, 80)).EnsureSuccess("cnictl add");
        node.Cnictl("add", Network, other.Path, "op-old-other", capabilityArgs: CapabilityArgs(8095, 80)).EnsureSuccess("cnictl add other");
        // The elements as a node upgraded from a SHA-256 version holds them: `hz:ID/eth0@SHA8`, or from before tags
        // carried the network, `hz:ID/eth0`.
        var earlier = (string id) => $"hz:{id}/eth0" + (networkMark ? "@" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Network)))[..8] : "");
        var elements = Retag(node, NftTag.Attachment(Network, "op-old", "eth0"), earlier("op-old"));
        Assert.Equal(elements, Retag(node, NftTag.Attachment(Network, "op-old-other", "eth0"), earlier("op-old-other")));
        Assert.Equal(3, elements); // the host port, and masquerade from 127.0.0.0/8 and from the pod's network
        Assert.Contains($"comment \"{earlier("op-old")}\"", node.NftRuleset());

        node.Cnictl("check", Network, pod.Path, "op-old", capabilityArgs: CapabilityArgs(8094, 80)).EnsureSuccess("cnictl check");
        // A runtime's second DEL: no runtimeConfig, so only the tag finds the elements.
        node.Cnictl("del", Network, pod.Path, "op-old").EnsureSuccess("cnictl del");

        var ruleset = node.NftRuleset();
        Assert.DoesNotContain("hz:op-old/", ruleset);
        Assert.Equal(elements, Regex.Count(ruleset, Regex.Escape($"comment \"{earlier("op-old-other")}\"")));
        if (networkMark)
        {
            // The mark names the network, so a GC finds the other pod's elements too: kept while listed, deleted once not.
            var config = OnePlugin(node);
            config["cniVersion"] = "1.1.0";
            config["name"] = Network;
            config["cni.dev/valid-attachments"] = new JsonArray(new JsonObject { ["containerID"] = "op-old-other", ["ifname"] = "eth0" });
            node.Invoke("GC", config).EnsureSuccess("GC keeping op-old-other");
            Assert.Equal(ruleset, node.NftRuleset());
            config["cni.dev/valid-attachments"] = new JsonArray();
            node.Invoke("GC", config).EnsureSuccess("GC");
            Assert.DoesNotContain("hz:op-old-other/", node.NftRuleset());
        }

        node.Cnictl("del", Network, other.Path, "op-old-other").EnsureSuccess("cnictl del other");
        AssertNothingLeft(node, before);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Add_and_del_load_no_openssl_even_when_the_node_holds_an_earlier_sha256_tag_of_the_attachment(bool ipMasq)
    {
        using var node = new TestNode("hzop");
        var pod = node.CreatePod("hzop-pod");
        var resident = node.CreatePod("hzop-pod");
        var plugin = OnePlugin(node);
        plugin["ipMasq"] = ipMasq; // true: the network's masquerade rule is tagged too, as on every node the templates render
        node.WriteConflist(Network, "1.0.0", plugin);
        // Another pod's mapping, in the earlier form: the layout is there, so DEL lists its elements.
        node.Cnictl("add", Network, resident.Path, "op-resident", capabilityArgs: CapabilityArgs(8096, 80)).EnsureSuccess("cnictl add resident");
        Retag(node, NftTag.Attachment(Network, "op-resident", "eth0"), "hz:op-resident/eth0@" + new string('0', 8));
        var config = (JsonObject)plugin.DeepClone();
        config["cniVersion"] = "1.0.0";
        config["name"] = Network;
        var delConfig = config.ToJsonString();
        config["runtimeConfig"] = JsonNode.Parse(CapabilityArgs(8097, 80));
        var trace = Path.Combine(node.Directory, "openat.strace");
        string[] traced = ["strace", "-f", "-qq", "-e", "trace=openat", "-o", trace];
        bool LoadedOpenSsl()
        {
            var opened = File.ReadAllText(trace);
            Assert.Contains("openat(", opened); // the trace sees the plugin's own files, so it would see OpenSSL's
            return Regex.IsMatch(opened, @"lib(ssl|crypto)\.so");
        }

        node.Invoke("ADD", config.ToJsonString(), "op-ssl", pod.Path, wrapper: traced).EnsureSuccess("ADD");
        Assert.False(LoadedOpenSsl(), "ADD loaded OpenSSL");
        node.Invoke("DEL", delConfig, "op-ssl", pod.Path, wrapper: traced).EnsureSuccess("DEL");
        Assert.False(LoadedOpenSsl(), "DEL loaded OpenSSL");
        Assert.DoesNotContain("hz:op-ssl/", node.NftRuleset());

        // The attachment's own earlier tag is hashed with SHA-256 (in managed code: the DEL finds and removes it), and
        // still no OpenSSL: a static executable could not load it.
        node.Invoke("ADD", config.ToJsonString(), "op-ssl", pod.Path).EnsureSuccess("second ADD");
        Retag(node, NftTag.Attachment(Network, "op-ssl", "eth0"), "hz:op-ssl/eth0@" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Network)))[..8]);
        Assert.Contains("hz:op-ssl/eth0@", node.NftRuleset());
        node.Invoke("DEL", delConfig, "op-ssl", pod.Path, wrapper: traced).EnsureSuccess("DEL of the earlier tag");
        Assert.False(LoadedOpenSsl(), "DEL of an earlier tag loaded OpenSSL");
        Assert.DoesNotContain("hz:op-ssl/", node.NftRuleset());
        if (!ipMasq)
        {
            return;
        }

        // With the resident gone, the network's first ADD puts its masquerade rule in and its last DEL takes it away:
        // neither hashes the rule's tag with SHA-256.
        node.Cnictl("del", Network, resident.Path, "op-resident").EnsureSuccess("cnictl del resident");
        Assert.DoesNotContain("hz-net:", node.NftRuleset());
        node.Invoke("ADD", config.ToJsonString(), "op-ssl", pod.Path, wrapper: traced).EnsureSuccess("first ADD of the network");
        Assert.False(LoadedOpenSsl(), "the network's first ADD loaded OpenSSL");
        Assert.Matches($"masquerade comment \"{Regex.Escape(NftTag.NetworkPrefix(Network))}[0-9a-f]{{16}}\"", node.NftRuleset());
        node.Invoke("DEL", delConfig, "op-ssl", pod.Path, wrapper: traced).EnsureSuccess("last DEL of the network");
        Assert.False(LoadedOpenSsl(), "the network's last DEL loaded OpenSSL");
        Assert.DoesNotContain("hz-net:", node.NftRuleset());
    }

    /// <summary>Writes the elements commented <paramref name="tag"/> again with <paramref name="earlierTag"/>; returns how many.</summary>
    private static int Retag(TestNode node, string tag, string earlierTag) => node.Namespace.Handle.Run(() =>
    {
        using var nf = NfTables.Open();
        var own = HostPortLayout.Sets
            .Select(set => (set, elements: nf.ListElements(HumanzTable.Family, HumanzTable.Name, set.Name).Where(e => e.Comment == tag).ToList()))
            .ToList();
        var deletions = nf.BeginBatch();
        var additions = nf.BeginBatch();
        foreach (var (set, elements) in own)
        {
            deletions.DeleteElements(HumanzTable.Family, HumanzTable.Name, set.Name, elements);
            additions.AddElements(HumanzTable.Family, HumanzTable.Name, set.Name, elements.Select(e => e with { Comment = earlierTag }).ToList());
        }

        deletions.Commit();
        additions.Commit();
        return own.Sum(s => s.elements.Count);
    });

    /// <summary>humanz-cni declaring both capabilities, as `install` and the agent render it by default.</summary>
    private static JsonObject OnePlugin(TestNode node)
    {
        var plugin = node.Config(name: Network);
        plugin.Remove("cniVersion");
        plugin.Remove("name");
        plugin["capabilities"] = new JsonObject { ["portMappings"] = true, ["bandwidth"] = true };
        return plugin;
    }

    /// <summary>One TCP mapping with containerd's key spelling, 10 Mbit/s into the pod and 20 Mbit/s out of it.</summary>
    private static string CapabilityArgs(int hostPort, int containerPort)
    {
        var args = JsonNode.Parse(PortMapConfigs.Mappings((hostPort, containerPort, "tcp")))!.AsObject();
        args["bandwidth"] = new JsonObject { ["ingressRate"] = 10_000_000, ["ingressBurst"] = 524_288, ["egressRate"] = 20_000_000, ["egressBurst"] = 524_288 };
        return args.ToJsonString();
    }

    private static ProcessResult Run(TestNode node, string runner, string verb, TestNamespace pod, string containerId, string capArgs) =>
        runner == "chain"
            ? node.Chain(verb, Network, pod.Path, containerId, capabilityArgs: capArgs)
            : node.Cnictl(verb, Network, pod.Path, containerId, capabilityArgs: capArgs);

    /// <summary>
    /// Nothing of the pod: the node's ruleset as before but for HumanzCni's table, which may stay holding the empty
    /// host port layout (a DEL removes elements, never the fixed maps and chains), and no ifb, veth or lease.
    /// </summary>
    private static void AssertNothingLeft(TestNode node, string rulesetBefore)
    {
        AssertNoPodRules(node, rulesetBefore);
        Assert.Empty(node.Ifbs());
        Assert.Empty(PodVeths(node));
        Assert.Empty(node.Leases(Network));
    }

    /// <summary>The node's ruleset as before but for HumanzCni's table, which holds no element and no commented rule.</summary>
    private static void AssertNoPodRules(TestNode node, string rulesetBefore)
    {
        Assert.DoesNotContain("table inet humanz-cni", rulesetBefore);
        var (others, humanzTable) = node.NftRulesetParts();
        Assert.Equal(rulesetBefore, others);
        Assert.DoesNotContain("elements", humanzTable);
        Assert.DoesNotContain("comment", humanzTable);
    }

    /// <summary>The node's veths that are pods' host ends ("hz..."), not OtherHost's underlay link.</summary>
    private static List<string> PodVeths(TestNode node) => node.HostVeths().Where(v => v.StartsWith("hz", StringComparison.Ordinal)).ToList();
}
