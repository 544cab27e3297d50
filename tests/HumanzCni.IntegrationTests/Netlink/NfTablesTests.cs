using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

public sealed class NfTablesTests
{
    [Fact]
    public void List_reports_each_table_with_its_family_like_nft_list_tables()
    {
        using var ns = TestNamespace.Create("hzt-nft");
        Assert.Empty(ns.Handle.Run(NfTables.List));

        ProcessRunner.Run("ip", ["netns", "exec", ns.Name, "nft", "add table inet humanz-test; add table ip filter; add table ip6 other"]).EnsureSuccess("nft add table");

        var tables = ns.Handle.Run(NfTables.List);
        Assert.Equal(
            [new NfTable("ip", "filter"), new NfTable("inet", "humanz-test"), new NfTable("ip6", "other")],
            tables.OrderBy(t => t.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void RuleComments_reads_the_comments_of_one_tables_rules_and_nothing_of_a_missing_table()
    {
        using var ns = TestNamespace.Create("hzt-nft");
        Assert.Empty(ns.Handle.Run(() => NfTables.RuleComments("inet", "humanz-test")));

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

        Assert.Equal(["hz-net:a:1234", "hz:pod/eth0"], ns.Handle.Run(() => NfTables.RuleComments("inet", "humanz-test")));
    }
}
