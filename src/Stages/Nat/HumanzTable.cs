namespace HumanzCni.Stages.Nat;

/// <summary>
/// HumanzCni's own nftables table, `table inet humanz-cni`, and its base chains.
/// </summary>
/// <remarks>
/// A table of its own: listing, replacing and deleting HumanzCni's rules never touches another program's,
/// and an empty table is deleted outright. One inet table rather than separate ip and ip6 ones: NAT in inet
/// tables (kernel 5.2+) lets each rule name its family (`dnat ip to` / `dnat ip6 to`), so a dual-stack pod's
/// rules are listed, replaced and deleted in one transaction, with one set of base chains.
/// There is no forward chain: an accept in one table cannot overrule a drop in another (a packet must be
/// accepted by every base chain on the hook), so forwarding is let through where the drop is, see
/// <see cref="IptablesForwardChain"/>.
/// </remarks>
public static class HumanzTable
{
    public const string Family = "inet";
    public const string Name = "humanz-cni";

    /// <summary>DNAT of host ports for packets arriving at the node (from other hosts and from pods).</summary>
    public const string Prerouting = "prerouting";

    /// <summary>DNAT of host ports for packets the node itself sends, to one of its addresses or 127.0.0.1.</summary>
    public const string Output = "output";

    /// <summary>Masquerade: pod traffic leaving the node, and DNATed traffic that must come back through the node.</summary>
    public const string Postrouting = "postrouting";

    /// <summary>
    /// Creates the table and its base chains; `add` leaves existing ones as they are, so this runs at the start
    /// of every transaction that adds rules. The output chain's priority is a number because nft accepts the
    /// name "dstnat" only on the prerouting hook; -100 is its value.
    /// </summary>
    public static string EnsureCommands { get; } = string.Join('\n',
        $"add table {Family} {Name}",
        $"add chain {Family} {Name} {Prerouting} {{ type nat hook prerouting priority dstnat; policy accept; }}",
        $"add chain {Family} {Name} {Output} {{ type nat hook output priority -100; policy accept; }}",
        $"add chain {Family} {Name} {Postrouting} {{ type nat hook postrouting priority srcnat; policy accept; }}");

    /// <summary>A rule of this table's <paramref name="chain"/>.</summary>
    public static NftRuleSpec Rule(string chain, string body) => new(Family, Name, chain, body);
}
