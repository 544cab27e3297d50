using HumanzCni.Netlink;

namespace HumanzCni.Stages.Nat;

/// <summary>
/// HumanzCni's own nftables table, `table inet humanz-cni`: its base chains, and the fixed layout of host ports
/// (<see cref="PortMap.HostPortLayout"/>) that pods' port mappings are elements of.
/// </summary>
/// <remarks>
/// A table of its own: listing, replacing and deleting HumanzCni's rules never touches another program's.
/// One inet table rather than separate ip and ip6 ones: NAT in inet tables (kernel 5.2+) lets each rule name
/// its family (`dnat ip to` / `dnat ip6 to`), so one set of base chains serves both families.
/// There is no forward chain: an accept in one table cannot overrule a drop in another (a packet must be
/// accepted by every base chain on the hook), so forwarding is let through where the drop is, see
/// <see cref="IptablesForwardChain"/>.
/// </remarks>
internal static class HumanzTable
{
    public const string Family = "inet";
    public const string Name = "humanz-cni";

    /// <summary>DNAT of host ports for packets arriving at the node (from other hosts and from pods).</summary>
    public const string Prerouting = "prerouting";

    /// <summary>DNAT of host ports for packets the node itself sends, to one of its addresses or 127.0.0.1.</summary>
    public const string Output = "output";

    /// <summary>Masquerade: pod traffic leaving the node, and DNATed traffic that must come back through the node.</summary>
    public const string Postrouting = "postrouting";

    /// <summary>Whether <paramref name="table"/> is this table.</summary>
    public static bool Is(NfTable table) => table.Family == Family && table.Name == Name;

    /// <summary>
    /// `add table inet humanz-cni` and its base chains (`type nat hook prerouting priority dstnat`, `hook output
    /// priority -100`, `hook postrouting priority srcnat`, policy accept); `add` leaves existing ones as they are,
    /// so this goes first in every batch that adds to the table.
    /// </summary>
    public static NfBatch AddTableAndChains(this NfBatch batch) => batch
        .AddTable(Family, Name)
        .AddBaseChain(Family, Name, Prerouting, new NfHook("nat", NfHook.Prerouting, -100))
        .AddBaseChain(Family, Name, Output, new NfHook("nat", NfHook.Output, -100))
        .AddBaseChain(Family, Name, Postrouting, new NfHook("nat", NfHook.Postrouting, 100));

    /// <summary>A rule of this table's <paramref name="chain"/>, with its nft text and what the kernel runs.</summary>
    public static NftRuleSpec Rule(string chain, string body, IReadOnlyList<NfExpression> expressions) => new(Family, Name, chain, body, expressions);
}
