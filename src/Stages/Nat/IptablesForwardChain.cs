using System.Net;
using HumanzCni.Netlink;

namespace HumanzCni.Stages.Nat;

/// <summary>
/// The FORWARD chains of iptables-nft (`table ip filter` / `table ip6 filter`, chain FORWARD). Docker sets
/// their policy to drop, which drops forwarded pod traffic whatever any other table accepts; so, like the
/// reference plugins do in iptables, accept rules for the pod subnet go first into those chains when they
/// exist. The rules use only matches iptables-nft can show (`iptables -S FORWARD` lists them with their comment).
/// </summary>
internal static class IptablesForwardChain
{
    public const string Table = "filter";
    public const string Chain = "FORWARD";

    /// <summary>The families (ip, ip6) whose iptables-nft FORWARD chain exists, from a `list chains` listing.</summary>
    public static IReadOnlySet<string> PresentIn(IEnumerable<NfChainInfo> chains) =>
        chains.Where(c => c.Table == Table && c.Name == Chain && c.Family is "ip" or "ip6").Select(c => c.Family).ToHashSet();

    /// <summary>Accept traffic from and to <paramref name="subnet"/> (`ip saddr S counter accept`, `ip daddr S counter accept`), at the top of the chain.</summary>
    public static IEnumerable<NftRuleSpec> AcceptRules(string family, IPNetwork subnet)
    {
        foreach (var (direction, source) in new[] { ("saddr", true), ("daddr", false) })
        {
            // An ip or ip6 table sees only its own family: no `meta nfproto` needed.
            IReadOnlyList<NfExpression> expressions = [.. NftMatch.Address(source, subnet, equal: true), new NfCounter(), new NfAccept()];
            yield return new NftRuleSpec(family, Table, Chain, $"{family} {direction} {subnet} counter accept", expressions, First: true);
        }
    }
}
