using HumanzCni.Netlink;

namespace HumanzCni.Stages.Nat;

/// <summary>
/// A rule HumanzCni wants in a chain: where, its nft text without the comment (what a person reads, and what the
/// network's tag hashes), the expressions the kernel runs for it, and whether it goes first.
/// </summary>
internal sealed record NftRuleSpec(string Family, string Table, string Chain, string Body, IReadOnlyList<NfExpression> Expressions, bool First = false)
{
    /// <summary>`add rule inet humanz-cni prerouting BODY` (`insert` puts it at the top of the chain): the rule in nft's words.</summary>
    public string Command => $"{(First ? "insert" : "add")} rule {Family} {Table} {Chain} {Body}";

    public bool IsInHumanzTable => Family == HumanzTable.Family && Table == HumanzTable.Name;

    /// <summary>Adds the rule with comment <paramref name="tag"/> to <paramref name="batch"/>.</summary>
    public void AddTo(NfBatch batch, string? tag) => batch.AddRule(Family, Table, Chain, Expressions, tag, First);
}
