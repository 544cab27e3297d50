using System.Net;
using System.Net.Sockets;
using HumanzCni.Netlink;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Stages.Forwarding;

/// <summary>
/// The rules a humanz-cni network needs on its node, shared by all its pods:
/// <list type="bullet">
/// <item>with ipMasq, per pod subnet: masquerade what the subnet sends anywhere but to the network's own
/// subnets, the nonMasqueradeCidrs (e.g. the cluster's pod range: pods see each other's real addresses) and
/// multicast. One rule of negated matches rather than a set, so overlapping CIDRs need no merging.</item>
/// <item>where iptables-nft's FORWARD chain exists (Docker's policy drop), accepts for the subnets.</item>
/// </list>
/// </summary>
internal static class NetworkRules
{
    private static readonly IPNetwork Ipv4Multicast = IPNetwork.Parse("224.0.0.0/4");
    private static readonly IPNetwork Ipv6Multicast = IPNetwork.Parse("ff00::/8");

    public static IReadOnlyList<NftRuleSpec> For(HumanzNetConf conf, IReadOnlySet<string> iptablesForwardFamilies)
    {
        var subnets = conf.RangeSets.SelectMany(set => set.Ranges).Select(range => range.Subnet).Distinct().ToList();
        var rules = new List<NftRuleSpec>();
        foreach (var subnet in subnets)
        {
            var family = subnet.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";
            if (conf.IpMasq)
            {
                var excepted = subnets
                    .Concat(conf.NonMasqueradeCidrs)
                    .Append(family == "ip6" ? Ipv6Multicast : Ipv4Multicast)
                    .Where(n => n.BaseAddress.AddressFamily == subnet.BaseAddress.AddressFamily)
                    .Distinct()
                    .ToList();
                var notExcepted = string.Join(' ', excepted.Select(n => $"{family} daddr != {n}"));
                IReadOnlyList<NfExpression> expressions = [
                    .. NftMatch.NfProto(family == "ip6"),
                    .. NftMatch.Address(source: true, subnet, equal: true),
                    .. excepted.SelectMany(n => NftMatch.Address(source: false, n, equal: false)),
                    new NfMasquerade()];
                rules.Add(HumanzTable.Rule(HumanzTable.Postrouting, $"{family} saddr {subnet} {notExcepted} masquerade", expressions));
            }

            if (iptablesForwardFamilies.Contains(family))
            {
                rules.AddRange(IptablesForwardChain.AcceptRules(family, subnet));
            }
        }

        return rules;
    }
}
