namespace HumanzCni.Stages.Nat;

/// <summary>
/// One network's rules' tags (<see cref="NftTag.Network"/>) and which comments are the network's: this version's
/// `hz-net:NAME:` and 16 hex digits of XxHash3, or an earlier version's (<see cref="Sha256Tag"/>: 8 hex digits of
/// SHA-256). For a name written as it is both share their prefix; a comment must have an earlier tag's shape before
/// SHA-256 is computed, so a node whose rules carry this version's tags never computes it.
/// </summary>
internal sealed class NetworkTag(string networkName)
{
    private readonly (string Start, int Length) _earlierShape = Sha256Tag.NetworkShape(networkName);
    private readonly Lazy<string> _earlierPrefix = new(() => Sha256Tag.NetworkPrefix(networkName));

    /// <summary>What this version's tags of the network's rules start with, whatever the rules.</summary>
    public string Prefix { get; } = NftTag.NetworkPrefix(networkName);

    /// <summary>Whether <paramref name="comment"/> tags rules of this network, in either form, whatever the rules.</summary>
    public bool IsOwn(string comment) => comment.StartsWith(Prefix, StringComparison.Ordinal) || IsEarlier(comment);

    /// <summary>Whether <paramref name="comment"/> is an earlier version's tag of this network's rules.</summary>
    public bool IsEarlier(string comment) =>
        Sha256Tag.HasNetworkShape(comment, _earlierShape) && comment.StartsWith(_earlierPrefix.Value, StringComparison.Ordinal);

    /// <summary>The tag this version writes on <paramref name="rules"/>.</summary>
    public string Of(IEnumerable<NftRuleSpec> rules) => NftTag.Network(networkName, rules);

    /// <summary>The tag an earlier version wrote on <paramref name="rules"/>: hashes with SHA-256, so only for a comment that <see cref="IsEarlier"/>.</summary>
    public string EarlierOf(IEnumerable<NftRuleSpec> rules) => Sha256Tag.Network(networkName, rules);
}
