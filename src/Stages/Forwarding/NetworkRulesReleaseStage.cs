using HumanzCni.Chain.Pipeline;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Ipam;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Stages.Forwarding;

/// <summary>
/// Takes the network's node rules (put in by <see cref="ForwardingStage"/>, or by an earlier version: see
/// <see cref="NetworkTag"/>) away once no attachment holds a lease in the network (after a DEL, an undone ADD or a
/// GC), and HumanzCni's table with them when nothing else is left in it (<see cref="NodeRules.DeleteTableIfUnused"/>). It sits before the ipam stage, so its DEL (stages run in reverse) and its undo (newest first)
/// decide after this attachment's lease was released, under the lease directory's lock. Deciding before the
/// release let two pods deleted at once each see the other's lease and both keep the rules, which then stayed
/// with no pod left (found by bench/soak.sh).
/// </summary>
internal sealed class NetworkRulesReleaseStage : IStage
{
    public string Name => "forwarding-release";

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf)];

    public void Add(StageContext context) =>
        context.OnUndo($"delete nft rules \"{NftTag.NetworkPrefix(context.Get<HumanzNetConf>().NetworkName)}*\" if no pod uses them", () => RemoveIfUnused(context));

    public void Del(StageContext context) => RemoveIfUnused(context);

    /// <summary>After the ipam stage's GC (stages GC in reverse) released the leases the runtime no longer lists.</summary>
    public void Gc(StageContext context) => RemoveIfUnused(context);

    private static void RemoveIfUnused(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var tag = new NetworkTag(conf.NetworkName);
        if (!context.NodeRules().MayHoldRules(tag.IsOwn))
        {
            return;
        }

        // A lease still naming this attachment (a DEL whose ipam release failed) keeps the rules like any other.
        var store = new LeaseStore(conf.LeaseDirectory);
        using var leaseLock = store.Exists ? store.Lock() : null;
        if (store.Exists && store.ListAttachments().Count > 0)
        {
            return;
        }

        var nodeRules = context.NodeRules();
        using (NodeRules.Lock())
        {
            nodeRules.Replace(nodeRules.Find(tag.IsOwn), [], tag.Prefix);
            nodeRules.DeleteTableIfUnused();
        }
    }
}
