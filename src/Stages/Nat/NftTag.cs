using System.Security.Cryptography;
using System.Text;

namespace HumanzCni.Stages.Nat;

/// <summary>
/// The comments that say who owns a rule, so DEL finds exactly its own rules by listing them (no state on
/// disk): `hz:CONTAINERID/IFNAME@NET` for an attachment's port mappings (NET: 8 hex digits of the network name's
/// SHA-256, so a GC, which knows only its own network's attachments, picks out that network's rules in the
/// node-wide table), `hz-net:NETWORK:HASH` for a network's masquerade and forwarding rules (HASH of the rules'
/// text, so a changed config replaces them).
/// </summary>
internal static class NftTag
{
    /// <summary>nft refuses longer comments.</summary>
    private const int MaxLength = 128;

    /// <summary>What every attachment's tag starts with (and no network's: those start with "hz-net:").</summary>
    public const string AttachmentPrefix = "hz:";

    public static string Attachment(string networkName, string containerId, string ifName) =>
        LegacyAttachment(containerId, ifName) + NetworkMark(networkName);

    /// <summary>An attachment's tag before it carried its network, still recognised, so an upgrade leaks no rule.</summary>
    public static string LegacyAttachment(string containerId, string ifName) => Readable(AttachmentPrefix, $"{containerId}/{ifName}");

    /// <summary>How the tags of the network's attachments end: "@" and 8 hex digits.</summary>
    public static string NetworkMark(string networkName) => "@" + Hash(networkName)[..8];

    /// <summary>The prefix every rule of the network carries, whatever its hash.</summary>
    public static string NetworkPrefix(string networkName) => Readable("hz-net:", networkName) + ":";

    public static string Network(string networkName, IEnumerable<NftRuleSpec> rules) =>
        NetworkPrefix(networkName) + Hash(string.Join('\n', rules.Select(r => r.Command)))[..8];

    /// <summary>
    /// PREFIX + text while it fits, with room for a <see cref="NetworkMark"/>, and has only characters nft's quoted
    /// strings carry (they have no escapes); otherwise PREFIX + a hash of the text, which is as unique but says
    /// less to a person reading the ruleset.
    /// </summary>
    private static string Readable(string prefix, string text) =>
        prefix.Length + text.Length < MaxLength - 10 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or '@' or '+')
            ? prefix + text
            : prefix + "sha256-" + Hash(text)[..32];

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
