using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Ipam;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Stages.Forwarding;

/// <summary>
/// Puts the network's node rules (<see cref="NetworkRules"/>: masquerade, FORWARD accepts) in place while the
/// network has pods. They are tagged `hz-net:NAME:HASH` (<see cref="NetworkTag"/>): ADD puts them in when missing
/// or different (a changed config, or an earlier version's tag, replaced once), under the lease directory's lock, which every ADD's lease allocation takes too; taking them out once
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
        var networkTag = new NetworkTag(conf.NetworkName);
        if (!conf.IpMasq && !context.NodeRules().MayHoldRules(networkTag.IsOwn))
        {
            return; // nothing wanted (no masquerade, no FORWARD chain to open) and nothing stale to replace
        }

        var nodeRules = context.NodeRules();
        using (new LeaseStore(conf.LeaseDirectory).Lock())
        using (NodeRules.Lock())
        {
            // One listing of the chains for both the rules wanted and those present.
            var forwardFamilies = nodeRules.IptablesForwardFamilies();
            var wanted = NetworkRules.For(conf, forwardFamilies);
            var tag = networkTag.Of(wanted);
            var present = nodeRules.Find(networkTag.IsOwn, forwardFamilies);
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
        var forwardFamilies = nodeRules.IptablesForwardFamilies();
        var wanted = NetworkRules.For(conf, forwardFamilies);
        var networkTag = new NetworkTag(conf.NetworkName);
        var comments = nodeRules.Find(networkTag.IsOwn, forwardFamilies).Select(r => r.Comment!).ToList();
        var tag = networkTag.Of(wanted);
        // A node upgraded from an earlier version holds its tags until the network's next ADD: as good when they tag
        // the very rules wanted. Hashed (SHA-256) only when the node holds no rule with today's tag but one of that shape.
        if (!comments.Contains(tag) && comments.Any(networkTag.IsEarlier))
        {
            tag = networkTag.EarlierOf(wanted);
        }

        var present = comments.Count(c => c == tag);
        if (present != wanted.Count)
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"the node holds {present} nft rule(s) commented \"{tag}\" (masquerade, FORWARD accepts); network {conf.NetworkName} needs {wanted.Count}");
        }
    }
}
