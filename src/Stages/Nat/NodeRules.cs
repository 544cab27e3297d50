using HumanzCni.Chain.Pipeline;
using HumanzCni.Netlink;
using HumanzCni.Stages.Kernel;
using HumanzCni.Stages.PortMap;

namespace HumanzCni.Stages.Nat;

/// <summary>
/// HumanzCni's state in the node's nftables ruleset, found by its comments (<see cref="NftTag"/>): rules in
/// <see cref="HumanzTable"/> and in the iptables-nft FORWARD chains, and the elements of the host port layout
/// (<see cref="HostPortLayout"/>). Every change is one nf_tables transaction over netlink. Plugin processes take
/// turns through <see cref="Lock"/>, so one's "table is unused, delete it" never races another's "add".
/// </summary>
internal sealed class NodeRules(NfTables nf) : IDisposable
{
    private const string LockFile = "/run/humanz-cni/nftables.lock";

    /// <summary>Blocks until this process is the only HumanzCni process changing nftables rules.</summary>
    public static IDisposable Lock()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockFile)!);
        return new FileLock(LockFile).Acquire();
    }

    /// <summary>
    /// Whether the node may hold rules of this network: one of them with a comment that <paramref name="isOwn"/> in
    /// HumanzCni's table, or an iptables-nft filter table whose FORWARD chain may hold its accepts. Two small
    /// dumps, so a call that wants no rules finds out at once that it has nothing to remove.
    /// </summary>
    public bool MayHoldRules(Func<string, bool> isOwn) =>
        nf.ListTables().Any(t => t.Family is "ip" or "ip6" && t.Name == IptablesForwardChain.Table)
        || nf.ListRules(HumanzTable.Family, HumanzTable.Name).Any(r => r.Comment is { } comment && isOwn(comment));

    /// <summary>Whether HumanzCni's table exists (`nft list tables`): one small dump, so a call with nothing to remove knows it at once.</summary>
    public bool HasHumanzTable() => nf.ListTables().Any(HumanzTable.Is);

    /// <summary>The families whose iptables-nft FORWARD chain exists on the node.</summary>
    public IReadOnlySet<string> IptablesForwardFamilies() => IptablesForwardChain.PresentIn(nf.ListChains());

    /// <summary>
    /// Rules whose comment satisfies <paramref name="isOwn"/>, in HumanzCni's table and the iptables-nft FORWARD chains
    /// (of <paramref name="forwardFamilies"/> when the caller has just listed them, else listed here).
    /// </summary>
    public IReadOnlyList<NfRuleInfo> Find(Func<string, bool> isOwn, IReadOnlySet<string>? forwardFamilies = null)
    {
        var rules = new List<NfRuleInfo>(nf.ListRules(HumanzTable.Family, HumanzTable.Name));
        foreach (var family in forwardFamilies ?? IptablesForwardFamilies())
        {
            rules.AddRange(nf.ListRules(family, IptablesForwardChain.Table, IptablesForwardChain.Chain));
        }

        return rules.Where(r => r.Comment is { } comment && isOwn(comment)).ToList();
    }

    /// <summary>Rules of HumanzCni's table alone whose comment satisfies <paramref name="isOwn"/> (a port mapping is never in a FORWARD chain).</summary>
    private IReadOnlyList<NfRuleInfo> FindInHumanzTable(Func<string, bool> isOwn) =>
        nf.ListRules(HumanzTable.Family, HumanzTable.Name).Where(r => r.Comment is { } comment && isOwn(comment)).ToList();

    /// <summary>Elements of the host port layout whose comment satisfies <paramref name="isOwn"/> (none when the layout is not there).</summary>
    public IReadOnlyList<HostPortElement> FindElements(Func<string, bool> isOwn) =>
        HostPortLayout.Sets
            .SelectMany(set => nf.ListElements(HumanzTable.Family, HumanzTable.Name, set.Name).Select(e => new HostPortElement(set, e)))
            .Where(e => e.Element.Comment is { } comment && isOwn(comment))
            .ToList();

    /// <summary>In one transaction: removes <paramref name="remove"/> and adds <paramref name="add"/> with comment <paramref name="tag"/>.</summary>
    public void Replace(IReadOnlyCollection<NfRuleInfo> remove, IReadOnlyCollection<NftRuleSpec> add, string tag)
    {
        var batch = nf.BeginBatch();
        if (add.Any(r => r.IsInHumanzTable))
        {
            batch.AddTableAndChains();
        }

        foreach (var rule in remove)
        {
            batch.DeleteRule(rule);
        }

        foreach (var rule in add)
        {
            rule.AddTo(batch, tag);
        }

        batch.Commit();
    }

    /// <summary>
    /// In one transaction: removes the rules of HumanzCni's table (older versions' per-pod rules) and the elements of
    /// the host port layout whose comment satisfies <paramref name="isOwn"/>, and adds <paramref name="add"/>,
    /// creating the host port layout first when the node does not have it yet.
    /// </summary>
    public void ReplaceElements(Func<string, bool> isOwn, IReadOnlyCollection<HostPortElement> add)
    {
        var removeRules = FindInHumanzTable(isOwn);
        var remove = FindElements(isOwn);
        var batch = nf.BeginBatch();
        if (add.Count > 0 && !HostPortLayout.IsPresent(nf))
        {
            HostPortLayout.AddTo(batch);
        }

        foreach (var rule in removeRules)
        {
            batch.DeleteRule(rule);
        }

        foreach (var set in remove.GroupBy(e => e.Set))
        {
            batch.DeleteElements(HumanzTable.Family, HumanzTable.Name, set.Key.Name, set.Select(e => e.Element).ToList());
        }

        foreach (var set in add.GroupBy(e => e.Set))
        {
            batch.AddElements(HumanzTable.Family, HumanzTable.Name, set.Key.Name, set.Select(e => e.Element).ToList());
        }

        batch.Commit();
    }

    /// <summary>
    /// `nft delete table inet humanz-cni` when it holds nothing of anyone: no commented rule (every network's and
    /// pod's rules carry one; the layout's fixed rules none) and no element in the host port layout. The node's
    /// ruleset is then as it was before HumanzCni. Called where a network goes (its last pod's DEL, GC), never by
    /// an ordinary pod's DEL: deleting base chains waits for the kernel to unhook them.
    /// </summary>
    public void DeleteTableIfUnused()
    {
        if (!HasHumanzTable()
            || nf.ListRules(HumanzTable.Family, HumanzTable.Name).Any(r => r.Comment is not null)
            || FindElements(_ => true).Count > 0)
        {
            return;
        }

        nf.BeginBatch().DeleteTable(HumanzTable.Family, HumanzTable.Name).Commit();
    }

    /// <summary>The node's connection tracking table, over the same netfilter socket.</summary>
    public Conntrack Conntrack => nf.Conntrack;

    public void Dispose() => nf.Dispose();
}

internal static class NodeRulesContextExtensions
{
    /// <summary>The node's nftables state through one nf_tables netlink socket per call, opened on first use.</summary>
    public static NodeRules NodeRules(this StageContext context) =>
        context.GetOrAdd(static _ => new NodeRules(NfTables.Open()));
}
