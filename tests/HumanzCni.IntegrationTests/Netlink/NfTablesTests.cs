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
}
