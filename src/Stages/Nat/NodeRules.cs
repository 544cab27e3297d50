using System.Text;
using HumanzCni.Chain.Pipeline;
using HumanzCni.Nftables;
using HumanzCni.Stages.Ipam;
using HumanzCni.Netlink;

namespace HumanzCni.Stages.Nat;

/// <summary>
/// HumanzCni's rules in the node's nftables ruleset, found by their comment (<see cref="NftTag"/>): in
/// <see cref="HumanzTable"/> and in the iptables-nft FORWARD chains. Changes are one transaction each;
/// a change that leaves HumanzCni's table without rules deletes the table. Plugin processes take turns
/// through <see cref="Lock"/>, so one's "table is empty, delete it" never races another's "add rules".
/// </summary>
public sealed class NodeRules(NftSession nft) : IDisposable
{
    private const string LockFile = "/run/humanz-cni/nftables.lock";

    /// <summary>Blocks until this process is the only HumanzCni process changing nftables rules.</summary>
    public static IDisposable Lock()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockFile)!);
        return new LeaseDirectoryLock(LockFile).Acquire();
    }

    /// <summary>
    /// Whether the node may hold rules of this network: one of them commented <paramref name="commentPrefix"/> in
    /// HumanzCni's table, or an iptables-nft filter table whose FORWARD chain may hold its accepts. Two cheap
    /// netlink dumps: when the answer is no, a call that wants no rules skips libnftables, whose cache build
    /// costs milliseconds, altogether.
    /// </summary>
    public static bool MayHoldRules(string commentPrefix) =>
        NfTables.List().Any(t => t.Family is "ip" or "ip6" && t.Name == IptablesForwardChain.Table)
        || NfTables.RuleComments(HumanzTable.Family, HumanzTable.Name).Any(c => c.StartsWith(commentPrefix, StringComparison.Ordinal));

    /// <summary>The families whose iptables-nft FORWARD chain exists on the node.</summary>
    public IReadOnlySet<string> IptablesForwardFamilies() => IptablesForwardChain.PresentIn(nft.List("list chains"));

    /// <summary>Rules whose comment satisfies <paramref name="isOwn"/>, in HumanzCni's table and the iptables-nft FORWARD chains.</summary>
    public IReadOnlyList<NftRule> Find(Func<string, bool> isOwn)
    {
        var chains = nft.List("list chains");
        var rules = new List<NftRule>();
        if (chains.Chains.Any(c => c.Family == HumanzTable.Family && c.Table == HumanzTable.Name))
        {
            rules.AddRange(nft.List($"list table {HumanzTable.Family} {HumanzTable.Name}").Rules);
        }

        foreach (var family in IptablesForwardChain.PresentIn(chains))
        {
            rules.AddRange(nft.List($"list chain {family} {IptablesForwardChain.Table} {IptablesForwardChain.Chain}").Rules);
        }

        return rules.Where(r => r.Comment is { } comment && isOwn(comment)).ToList();
    }

    /// <summary>In one transaction: removes <paramref name="remove"/> and adds <paramref name="add"/> with comment <paramref name="tag"/>.</summary>
    public void Replace(IReadOnlyCollection<NftRule> remove, IReadOnlyCollection<NftRuleSpec> add, string tag)
    {
        if (remove.Count == 0 && add.Count == 0)
        {
            return;
        }

        var commands = new StringBuilder();
        if (add.Any(r => r.IsInHumanzTable))
        {
            commands.Append(HumanzTable.EnsureCommands).Append('\n');
        }

        foreach (var rule in remove)
        {
            commands.Append($"delete rule {rule.Family} {rule.Table} {rule.Chain} handle {rule.Handle}\n");
        }

        foreach (var rule in add)
        {
            commands.Append(rule.Command(tag)).Append('\n');
        }

        nft.Run(commands.ToString());
        if (add.Count == 0)
        {
            DeleteTableIfEmpty();
        }
    }

    public void Dispose() => nft.Dispose();

    /// <summary>The last rule gone, the table and its base chains go too: the node's ruleset is as it was before HumanzCni.</summary>
    private void DeleteTableIfEmpty()
    {
        var chains = nft.List("list chains");
        if (!chains.Chains.Any(c => c.Family == HumanzTable.Family && c.Table == HumanzTable.Name))
        {
            return;
        }

        if (nft.List($"list table {HumanzTable.Family} {HumanzTable.Name}").Rules.Count == 0)
        {
            nft.Run($"delete table {HumanzTable.Family} {HumanzTable.Name}");
        }
    }
}

public static class NodeRulesContextExtensions
{
    /// <summary>The node's nftables rules through one libnftables context per call, opened on first use.</summary>
    public static NodeRules NodeRules(this StageContext context) =>
        context.GetOrAdd(static _ => new NodeRules(NftSession.Open()));
}
