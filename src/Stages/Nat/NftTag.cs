using System.IO.Hashing;
using System.Text;

namespace HumanzCni.Stages.Nat;

/// <summary>
/// The comments that say who owns a rule, so DEL finds exactly its own rules by listing them (no state on
/// disk): `hz:CONTAINERID/IFNAME@NET` for an attachment's port mappings (NET: 16 hex digits of the network name's
/// XxHash3, so a GC, which knows only its own network's attachments, picks out that network's rules in the
/// node-wide table), `hz-net:NETWORK:HASH` for a network's masquerade and forwarding rules (HASH of the rules'
/// text, so a changed config replaces them). Which comments are one attachment's: <see cref="AttachmentTag"/>.
/// </summary>
/// <remarks>
/// Tags hash with XxHash3 and XxHash128, not SHA-256 as earlier versions did (<see cref="Sha256Tag"/>): .NET's
/// SHA-256 loads OpenSSL, which was most of a DEL's `portmap` stage (see bench/README.md) and which every ADD on an
/// ipMasq network paid for its network rules' tag. No cryptographic hash is
/// needed: container ids come from the runtime and network names from the node's config, both trusted with the node
/// already, so no one chooses them to collide and only chance counts. A 64-bit network mark makes two of a node's n
/// networks share one with odds of about n²/2⁶⁵; an id hashed in place of its text (too long, or with characters nft
/// cannot quote) keeps 128 bits, as many as the 32 hex digits of SHA-256 did. The mark's 16 digits (8 before) tell
/// an earlier version's tag apart without hashing anything, and so do the network rules' 16 digits of HASH (8 before):
/// <see cref="AttachmentTag"/> and <see cref="NetworkTag"/> compute SHA-256 only for a comment of the earlier shape.
/// </remarks>
internal static class NftTag
{
    /// <summary>nft refuses longer comments.</summary>
    private const int MaxLength = 128;

    /// <summary>The length of <see cref="NetworkMark"/>: "@" and 16 hex digits; and of a network rules' HASH with its ":".</summary>
    private const int NetworkMarkLength = 17;

    /// <summary>What every network rules' tag starts with.</summary>
    internal const string NetworkRulesPrefix = "hz-net:";

    /// <summary>What every attachment's tag starts with (and no network's: those start with "hz-net:").</summary>
    public const string AttachmentPrefix = "hz:";

    public static string Attachment(string networkName, string containerId, string ifName) =>
        Readable(AttachmentPrefix, $"{containerId}/{ifName}", NetworkMarkLength, XxHash128Text) + NetworkMark(networkName);

    /// <summary>How the tags of the network's attachments end: "@" and 16 hex digits.</summary>
    public static string NetworkMark(string networkName) => "@" + Hex(XxHash3.Hash(Utf8(networkName)));

    /// <summary>The prefix every rule of the network carries, whatever its hash (an earlier version's: <see cref="NetworkTag"/>).</summary>
    public static string NetworkPrefix(string networkName) =>
        Readable(NetworkRulesPrefix, networkName, NetworkMarkLength, XxHash128Text) + ":";

    /// <summary>`hz-net:NAME:` and 16 hex digits of the XxHash3 of the rules' text.</summary>
    public static string Network(string networkName, IEnumerable<NftRuleSpec> rules) =>
        NetworkPrefix(networkName) + Hex(XxHash3.Hash(Utf8(RulesText(rules))));

    /// <summary>What a network rules' HASH is computed over, in this version and earlier ones.</summary>
    internal static string RulesText(IEnumerable<NftRuleSpec> rules) => string.Join('\n', rules.Select(r => r.Command));

    /// <summary>
    /// Whether PREFIX + text fits, with room for a mark of <paramref name="markLength"/> characters, and has only
    /// characters nft's quoted strings carry (they have no escapes).
    /// </summary>
    internal static bool FitsReadable(string prefix, string text, int markLength) =>
        prefix.Length + text.Length < MaxLength - markLength - 1
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or '@' or '+');

    /// <summary>
    /// PREFIX + text when it <see cref="FitsReadable"/>; otherwise PREFIX + <paramref name="hashed"/> text, which
    /// is as unique but says less to a person reading the ruleset.
    /// </summary>
    internal static string Readable(string prefix, string text, int markLength, Func<string, string> hashed) =>
        FitsReadable(prefix, text, markLength) ? prefix + text : prefix + hashed(text);

    /// <summary>"xxh128-" and 32 hex digits: a text hashed in place of itself.</summary>
    private static string XxHash128Text(string text) => "xxh128-" + Hex(XxHash128.Hash(Utf8(text)));

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    internal static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
