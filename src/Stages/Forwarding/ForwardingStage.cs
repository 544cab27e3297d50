using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Ipam;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Stages.Forwarding;

/// <summary>
/// Puts the network's node rules (<see cref="NetworkRules"/>: masquerade, FORWARD accepts) in place while the
/// network has pods. They are tagged `hz-net:NAME:HASH`: ADD puts them in when missing or different (a changed
/// config), under the lease directory's lock, which every ADD's lease allocation takes too; taking them out once
/// the network's last lease is gone is <see cref="NetworkRulesReleaseStage"/>'s part, so a pod being added
/// meanwhile is either counted or puts the rules back itself.
/// </summary>
internal sealed class ForwardingStage : IStage
{
    public string Name => "forwarding";

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf)];

    public void Add(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        if (!conf.IpMasq && !context.NodeRules().MayHoldRules(NftTag.NetworkPrefix(conf.NetworkName)))
        {
            return; // nothing wanted (no masquerade, no FORWARD chain to open) and nothing stale to replace
        }

        var nodeRules = context.NodeRules();
        var wanted = NetworkRules.For(conf, nodeRules.IptablesForwardFamilies());
        var tag = NftTag.Network(conf.NetworkName, wanted);
        var prefix = NftTag.NetworkPrefix(conf.NetworkName);
        using (new LeaseStore(conf.LeaseDirectory).Lock())
        using (NodeRules.Lock())
        {
            var present = nodeRules.Find(c => c.StartsWith(prefix, StringComparison.Ordinal));
            if (present.Count != wanted.Count || present.Any(r => r.Comment != tag))
            {
                nodeRules.Replace(present, wanted, tag);
            }
        }
    }

    public void Check(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var nodeRules = context.NodeRules();
        var wanted = NetworkRules.For(conf, nodeRules.IptablesForwardFamilies());
        var tag = NftTag.Network(conf.NetworkName, wanted);
        var present = nodeRules.Find(c => c == tag);
        if (present.Count != wanted.Count)
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"the node holds {present.Count} nft rule(s) commented \"{tag}\" (masquerade, FORWARD accepts); network {conf.NetworkName} needs {wanted.Count}");
        }
    }
}
