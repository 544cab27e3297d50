using Org.BouncyCastle.Crypto.Digests;

namespace HumanzCni.Stages.Nat;

/// <summary>
/// Tags earlier versions hashed with SHA-256, which nodes upgraded from them still hold: attachments'
/// `hz:CONTAINERID/IFNAME@NET` (NET: 8 hex digits of the network name's SHA-256) and, from before tags carried the
/// network, `hz:CONTAINERID/IFNAME`; in both, `sha256-` and 32 hex digits of the SHA-256 of "CONTAINERID/IFNAME"
/// stood for a text that did not fit or that nft cannot quote. And networks' rules: `hz-net:NAME:HASH` (HASH: 8 hex
/// digits of the SHA-256 of the rules' text; NAME hashed alike). Their shape tells them apart without hashing
/// (<see cref="AttachmentShape"/>, <see cref="HasNetworkMark"/>, <see cref="NetworkShape"/>), so SHA-256 is only
/// computed where such a comment is found. It is BouncyCastle's, in managed code: .NET's SHA256 is OpenSSL, which a
/// static executable such as humanz-cni cannot load.
/// </summary>
internal static class Sha256Tag
{
    /// <summary>"@" and 8 hex digits; and a network rules' HASH with its ":".</summary>
    private const int NetworkMarkLength = 9;

    /// <summary>How an earlier version's network rules' tag started when the network's name was hashed.</summary>
    private const string HashedNetwork = NftTag.NetworkRulesPrefix + "sha256-";

    /// <summary>How an earlier version's attachment tag started when its text was hashed.</summary>
    private const string HashedAttachment = NftTag.AttachmentPrefix + "sha256-";

    /// <summary>How many hex digits of SHA-256 stand for a text that does not fit or that nft cannot quote.</summary>
    private const int HashedTextLength = 32;

    /// <summary>PREFIX + text, or PREFIX + "sha256-" and 32 hex digits of the text's SHA-256 (<see cref="NftTag.Readable"/>).</summary>
    public static string Readable(string prefix, string text) =>
        NftTag.Readable(prefix, text, NetworkMarkLength, t => "sha256-" + Hash(t)[..HashedTextLength]);

    public static string Hash(string text)
    {
        var digest = new Sha256Digest();
        var bytes = NftTag.Utf8(text);
        digest.BlockUpdate(bytes, 0, bytes.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return NftTag.Hex(hash);
    }

    /// <summary>The attachment's tags as earlier versions wrote them: with the network mark, and without.</summary>
    public static IReadOnlyList<string> Attachment(string networkName, string containerId, string ifName)
    {
        var unmarked = Readable(NftTag.AttachmentPrefix, $"{containerId}/{ifName}");
        return [unmarked + NetworkMark(networkName), unmarked];
    }

    /// <summary>How an earlier version's tags of the network's attachments end.</summary>
    public static string NetworkMark(string networkName) => "@" + Hash(networkName)[..(NetworkMarkLength - 1)];

    /// <summary>
    /// The start and the length without a network mark that the attachment's earlier tags have, found without
    /// hashing: a comment with that start, and that length or a network mark more, may be one of them.
    /// </summary>
    public static (string Start, int UnmarkedLength) AttachmentShape(string containerId, string ifName)
    {
        var text = $"{containerId}/{ifName}";
        return NftTag.FitsReadable(NftTag.AttachmentPrefix, text, NetworkMarkLength)
            ? (NftTag.AttachmentPrefix + text, NftTag.AttachmentPrefix.Length + text.Length)
            : (HashedAttachment, HashedAttachment.Length + HashedTextLength);
    }

    /// <summary>
    /// Whether an attachment tag ends as an earlier version's network mark: "@" and 8 characters (today's tags end in
    /// 16 hex digits, so never with "@" ninth from the end).
    /// </summary>
    public static bool HasNetworkMark(string comment) => comment.Length > NetworkMarkLength && comment[^NetworkMarkLength] == '@';

    /// <summary>Whether <paramref name="comment"/> has the <paramref name="shape"/> of <see cref="AttachmentShape"/>.</summary>
    public static bool HasShape(string comment, (string Start, int UnmarkedLength) shape) =>
        comment.StartsWith(shape.Start, StringComparison.Ordinal)
        && (comment.Length == shape.UnmarkedLength
            || (comment.Length == shape.UnmarkedLength + NetworkMarkLength && comment[shape.UnmarkedLength] == '@'));

    /// <summary>What an earlier version's tags of the network's rules started with.</summary>
    public static string NetworkPrefix(string networkName) => Readable(NftTag.NetworkRulesPrefix, networkName) + ":";

    /// <summary>An earlier version's tag of the network's <paramref name="rules"/>.</summary>
    public static string Network(string networkName, IEnumerable<NftRuleSpec> rules) =>
        NetworkPrefix(networkName) + Hash(NftTag.RulesText(rules))[..(NetworkMarkLength - 1)];

    /// <summary>
    /// The start and the length that the earlier tags of the network's rules have, found without hashing: the whole
    /// prefix when the name was written as it is, "hz-net:sha256-" when it was hashed.
    /// </summary>
    public static (string Start, int Length) NetworkShape(string networkName) =>
        NftTag.FitsReadable(NftTag.NetworkRulesPrefix, networkName, NetworkMarkLength)
            ? (NftTag.NetworkRulesPrefix + networkName + ":", NftTag.NetworkRulesPrefix.Length + networkName.Length + NetworkMarkLength)
            : (HashedNetwork, HashedNetwork.Length + HashedTextLength + NetworkMarkLength);

    /// <summary>Whether <paramref name="comment"/> has the <paramref name="shape"/> of <see cref="NetworkShape"/>: its start, its length, and ":" before the 8 digits.</summary>
    public static bool HasNetworkShape(string comment, (string Start, int Length) shape) =>
        comment.Length == shape.Length && comment[^NetworkMarkLength] == ':' && comment.StartsWith(shape.Start, StringComparison.Ordinal);
}
