namespace HumanzCni.Stages.Nat;

/// <summary>A rule HumanzCni wants in a chain: where, its nft text without the comment, and whether it goes first.</summary>
public sealed record NftRuleSpec(string Family, string Table, string Chain, string Body, bool First = false)
{
    /// <summary>`add rule inet humanz-cni prerouting BODY comment "TAG"` (`insert` puts it at the top of the chain).</summary>
    public string Command(string tag) => $"{(First ? "insert" : "add")} rule {Family} {Table} {Chain} {Body} comment \"{tag}\"";

    public bool IsInHumanzTable => Family == HumanzTable.Family && Table == HumanzTable.Name;
}
