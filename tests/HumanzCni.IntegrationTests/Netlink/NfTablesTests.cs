using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

public sealed class NfTablesTests
{
    [Fact]
    public void ListTables_reports_each_table_with_its_family_like_nft_list_tables()
    {
        using var ns = TestNamespace.Create("hzt-nft");
        Assert.Empty(ns.Handle.Run(ListTables));

        ProcessRunner.Run("ip", ["netns", "exec", ns.Name, "nft", "add table inet humanz-test; add table ip filter; add table ip6 other"]).EnsureSuccess("nft add table");

        var tables = ns.Handle.Run(ListTables);
        Assert.Equal(
            [new NfTable("ip", "filter"), new NfTable("inet", "humanz-test"), new NfTable("ip6", "other")],
            tables.OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void ListRules_reads_the_comments_of_one_tables_rules_and_nothing_of_a_missing_table()
    {
        using var ns = TestNamespace.Create("hzt-nft");
        Assert.Empty(ns.Handle.Run(() => RuleComments("inet", "humanz-test")));

        ProcessRunner.Run("ip", ["netns", "exec", ns.Name, "nft", """
            add table inet humanz-test
            add chain inet humanz-test c
            add rule inet humanz-test c counter comment "hz-net:a:1234"
            add rule inet humanz-test c counter
            add rule inet humanz-test c accept comment "hz:pod/eth0"
            add table inet other
            add chain inet other c
            add rule inet other c counter comment "not-ours"
            """]).EnsureSuccess("nft add rules");

        Assert.Equal(["hz-net:a:1234", "hz:pod/eth0"], ns.Handle.Run(() => RuleComments("inet", "humanz-test")));
    }

    [Fact]
    public void A_batch_writes_chains_maps_rules_and_commented_elements_that_nft_lists_and_the_listings_read_back()
    {
        using var ns = TestNamespace.Create("hzt-nft");
        var map = new NfSet("ports", [NfDataType.InetProtocol, NfDataType.InetService], [NfDataType.Ipv4Address, NfDataType.InetService]);
        var masq = new NfSet("masq", [NfDataType.Ipv4Address, NfDataType.Ipv4Address], Interval: true);
        var key = NfValue.Concat(NfValue.Protocol(6), NfValue.Port(8080));
        var network = System.Net.IPNetwork.Parse("100.100.1.0/24");
        var pod = System.Net.IPAddress.Parse("100.100.1.5");
        ns.Handle.Run(() =>
        {
            using var nf = NfTables.Open();
            nf.BeginBatch()
                .AddTable("inet", "hzt")
                .AddBaseChain("inet", "hzt", "pre", new NfHook("nat", NfHook.Prerouting, -100))
                .AddSet("inet", "hzt", map)
                .AddSet("inet", "hzt", masq)
                .AddRule("inet", "hzt", "pre", [
                    new NfMeta(NfMeta.L4Proto, NfRegister.First),
                    new NfPayload(NfPayload.TransportHeader, 2, 2, NfRegister.At(4)),
                    new NfLookup("ports", NfRegister.First, NfRegister.First),
                    new NfDnat(2, NfRegister.First, NfRegister.At(4))], comment: "hz-net:test:1")
                .AddElements("inet", "hzt", "ports", [new NfSetElement(key, Data: NfValue.Concat(NfValue.Address(pod), NfValue.Port(80)), Comment: "hz:a/eth0")])
                .AddElements("inet", "hzt", "masq", [new NfSetElement(
                    NfValue.Concat(NfValue.First(network), NfValue.Address(pod)),
                    KeyEnd: NfValue.Concat(NfValue.Last(network), NfValue.Address(pod)),
                    Comment: "hz:a/eth0")])
                .Commit();
        });

        var listing = ProcessRunner.Run("ip", ["netns", "exec", ns.Name, "nft", "list", "table", "inet", "hzt"]).EnsureSuccess("nft list table").StandardOutput;
        Assert.Contains("type nat hook prerouting priority dstnat; policy accept;", listing);
        Assert.Contains("dnat ip to meta l4proto . th dport map @ports comment \"hz-net:test:1\"", listing);
        Assert.Contains("tcp . 8080 comment \"hz:a/eth0\" : 100.100.1.5 . 80", listing);
        Assert.Contains("100.100.1.0/24 . 100.100.1.5 comment \"hz:a/eth0\"", listing);

        ns.Handle.Run(() =>
        {
            using var nf = NfTables.Open();
            var element = Assert.Single(nf.ListElements("inet", "hzt", "ports"));
            Assert.Equal("hz:a/eth0", element.Comment);
            Assert.Equal(key, element.Key);
            var rule = Assert.Single(nf.ListRules("inet", "hzt"));
            Assert.Equal(("inet", "hzt", "pre", "hz-net:test:1"), (rule.Family, rule.Table, rule.Chain, rule.Comment));
            Assert.NotEqual(0ul, rule.Handle);
            Assert.Contains(new NfChainInfo("inet", "hzt", "pre"), nf.ListChains());
            Assert.True(nf.HasSet("inet", "hzt", "masq"));
            Assert.False(nf.HasSet("inet", "hzt", "missing"));

            nf.BeginBatch().DeleteElements("inet", "hzt", "ports", [element]).Commit();
            Assert.Empty(nf.ListElements("inet", "hzt", "ports"));
        });
    }

    [Fact]
    public void A_refused_batch_changes_nothing_and_names_the_refused_change()
    {
        using var ns = TestNamespace.Create("hzt-nft");
        var error = ns.Handle.Run(() =>
        {
            using var nf = NfTables.Open();
            return Assert.Throws<NetlinkException>(() => nf.BeginBatch()
                .AddTable("inet", "hzt")
                .DeleteElements("inet", "hzt", "missing", [new NfSetElement([1, 2, 3, 4])])
                .Commit());
        });

        Assert.Contains("delete element inet hzt missing", error.Message);
        Assert.Equal(2, error.Errno); // ENOENT
        Assert.Empty(ns.Handle.Run(ListTables));
    }

    private static IReadOnlyList<NfTable> ListTables()
    {
        using var nf = NfTables.Open();
        return nf.ListTables();
    }

    private static List<string> RuleComments(string family, string table)
    {
        using var nf = NfTables.Open();
        return nf.ListRules(family, table).Select(r => r.Comment).OfType<string>().ToList();
    }
}
