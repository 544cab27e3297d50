using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Tests.Stages;

/// <summary>
/// DEL, CHECK and GC find an attachment's port mapping elements, and a network's node rules, by their comment alone,
/// so the tags must be stable across processes, fit nft's comment limit, differ between attachments and networks,
/// and an upgraded plugin must still recognise the SHA-256 tags earlier versions wrote.
/// </summary>
public sealed class NftTagTests
{
    private const string LongId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Attachment_tag_is_pinned_so_a_later_version_still_finds_the_elements_this_one_writes()
    {
        Assert.Equal("hz:snapshot-ctr/eth0@344024f700513711", NftTag.Attachment("hzt-net", "snapshot-ctr", "eth0"));
        Assert.Equal("hz:xxh128-b74eb8039ebb906c33c5585e9d9f1786@344024f700513711", NftTag.Attachment("hzt-net", "a b", "eth0"));
        // XXH3-64 of no input is xxHash's own test vector: the mark is the standard algorithm, which any tool can compute.
        Assert.Equal("@2d06800538d394c2", NftTag.NetworkMark(""));
    }

    [Fact]
    public void Attachment_tag_is_id_slash_ifname_and_16_hex_digits_of_the_networks_xxhash3()
    {
        var tag = NftTag.Attachment("hzt-net", LongId, "eth0");

        Assert.Matches($"^hz:{LongId}/eth0@[0-9a-f]{{16}}$", tag);
        Assert.EndsWith(NftTag.NetworkMark("hzt-net"), tag);
        Assert.NotEqual(NftTag.NetworkMark("hzt-net"), NftTag.NetworkMark("hzt-net2"));
    }

    [Theory]
    [InlineData("ctr with spaces", "eth0")]
    [InlineData("ctr\"quote", "eth0")]
    [InlineData("ctré", "eth0")]
    [InlineData(LongId + LongId, "eth0")]
    public void An_id_nft_cannot_quote_or_that_does_not_fit_is_hashed_with_xxhash128(string containerId, string ifName)
    {
        var tag = NftTag.Attachment("hzt-net", containerId, ifName);

        Assert.Matches("^hz:xxh128-[0-9a-f]{32}@[0-9a-f]{16}$", tag);
        Assert.NotEqual(tag, NftTag.Attachment("hzt-net", containerId, ifName + "x"));
    }

    [Fact]
    public void The_longest_readable_tag_fits_nfts_comment_limit_and_one_character_more_is_hashed()
    {
        // "hz:" + ID/IFNAME + "@" + 16 digits stays under 128 characters.
        var longest = new string('a', 101);
        Assert.Equal(126, NftTag.Attachment("n", longest, "eth0").Length);
        Assert.StartsWith("hz:xxh128-", NftTag.Attachment("n", longest + "a", "eth0"));
    }

    [Fact]
    public void Tags_of_different_attachments_differ()
    {
        string[] tags = [
            NftTag.Attachment("net", "a", "eth0"),
            NftTag.Attachment("net", "a", "eth1"),
            NftTag.Attachment("net", "b", "eth0"),
            NftTag.Attachment("other", "a", "eth0"),
            NftTag.Attachment("net", "a b", "eth0"),
            NftTag.Attachment("net", "a c", "eth0"),
        ];

        Assert.Equal(tags.Length, tags.Distinct().Count());
    }

    [Theory]
    [InlineData("snapshot-ctr", "eth0")]
    [InlineData(LongId, "net1")]
    [InlineData("ctr with spaces", "eth0")]
    [InlineData(LongId + LongId, "eth0")]
    public void An_attachment_owns_its_tag_and_the_sha256_tags_of_earlier_versions(string containerId, string ifName)
    {
        var tag = new AttachmentTag("hzt-net", containerId, ifName);

        Assert.True(tag.IsOwn(tag.Value));
        Assert.True(tag.IsOwn(EarlierTag(containerId, ifName) + EarlierMark("hzt-net")));
        Assert.True(tag.IsOwn(EarlierTag(containerId, ifName)));
    }

    [Fact]
    public void An_attachment_owns_no_other_attachments_or_networks_tag_of_either_form()
    {
        var tag = new AttachmentTag("hzt-net", "ctr-1", "eth0");

        Assert.False(tag.IsOwn(NftTag.Attachment("hzt-net", "ctr-1", "eth1")));
        Assert.False(tag.IsOwn(NftTag.Attachment("hzt-net", "ctr-10", "eth0")));
        Assert.False(tag.IsOwn(NftTag.Attachment("other", "ctr-1", "eth0")));
        Assert.False(tag.IsOwn(EarlierTag("ctr-1", "eth0") + EarlierMark("other")));
        Assert.False(tag.IsOwn(EarlierTag("ctr-1", "eth00") + EarlierMark("hzt-net")[..^1]));
        Assert.False(tag.IsOwn(EarlierTag("ctr-10", "eth0") + EarlierMark("hzt-net")));
        Assert.False(tag.IsOwn(EarlierTag("ctr-1", "eth0") + "@" + new string('0', 8)));
        Assert.False(tag.IsOwn("hz-net:hzt-net:12345678"));

        var hashed = new AttachmentTag("hzt-net", "ctr 1", "eth0");
        Assert.False(hashed.IsOwn(EarlierTag("ctr 2", "eth0") + EarlierMark("hzt-net")));
        Assert.False(hashed.IsOwn(EarlierTag("ctr 2", "eth0")));
    }

    /// <summary>Two rules as the forwarding stage wants them (their text is what the network's tag hashes).</summary>
    private static readonly NftRuleSpec[] Rules = [
        new("inet", "humanz-cni", "postrouting", "ip saddr 100.100.1.0/24 ip daddr != 100.100.1.0/24 masquerade", []),
        new("ip", "filter", "FORWARD", "ip saddr 100.100.1.0/24 accept", [], First: true),
    ];

    /// <summary>A name that fits an earlier tag (8 digits of hash) but not today's (16): hashed only today.</summary>
    private static readonly string NameReadableOnlyBefore = "hzt-" + new string('n', 101);

    /// <summary>A name too long for either tag.</summary>
    private static readonly string NameHashedInBoth = "hzt-" + new string('n', 116);

    public static TheoryData<string> NetworkNames => ["hzt-net", NameReadableOnlyBefore, NameHashedInBoth];

    [Fact]
    public void Network_tag_is_pinned_so_a_later_version_still_finds_the_rules_this_one_writes()
    {
        Assert.Equal("hz-net:hzt-net:" + XxHash3Hex(RulesText), NftTag.Network("hzt-net", Rules));
        Assert.Equal("hz-net:hzt-net:66fda0577ea4937a", NftTag.Network("hzt-net", Rules));
        Assert.Equal("hz-net:hzt-net:", NftTag.NetworkPrefix("hzt-net"));
    }

    [Fact]
    public void Network_tag_is_the_name_and_16_hex_digits_of_the_rules_xxhash3_and_the_name_is_hashed_when_it_does_not_fit()
    {
        // "hz-net:" + NAME + ":" + 16 digits stays under 128 characters.
        var longest = new string('a', 102);
        Assert.Equal(126, NftTag.Network(longest, Rules).Length);
        Assert.Matches("^hz-net:xxh128-[0-9a-f]{32}:[0-9a-f]{16}$", NftTag.Network(longest + "a", Rules));
        Assert.Matches("^hz-net:xxh128-[0-9a-f]{32}:[0-9a-f]{16}$", NftTag.Network(NameReadableOnlyBefore, Rules));
        Assert.NotEqual(NftTag.Network("hzt-net", Rules), NftTag.Network("hzt-net", Rules[..1]));
        Assert.NotEqual(NftTag.Network("hzt-net", Rules), NftTag.Network("hzt-net2", Rules));
    }

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void A_network_owns_its_tags_and_the_sha256_tags_of_earlier_versions_and_knows_which_is_which(string networkName)
    {
        var tag = new NetworkTag(networkName);
        var current = tag.Of(Rules);
        var earlier = EarlierNetworkTag(networkName, RulesText);

        Assert.StartsWith(tag.Prefix, current);
        Assert.True(tag.IsOwn(current));
        Assert.True(tag.IsOwn(tag.Of(Rules[..1])));
        Assert.False(tag.IsEarlier(current));
        Assert.True(tag.IsOwn(earlier));
        Assert.True(tag.IsEarlier(earlier));
        Assert.True(tag.IsEarlier(EarlierNetworkTag(networkName, "other rules")));
        Assert.Equal(earlier, tag.EarlierOf(Rules));
    }

    [Theory]
    [MemberData(nameof(NetworkNames))]
    public void A_network_owns_no_other_networks_or_attachments_tag_of_either_form(string networkName)
    {
        var tag = new NetworkTag(networkName);

        foreach (var other in new[] { networkName + "2", networkName[..^1], "hzt-other" })
        {
            Assert.False(tag.IsOwn(NftTag.Network(other, Rules)), other);
            Assert.False(tag.IsOwn(EarlierNetworkTag(other, RulesText)), other);
        }

        Assert.False(tag.IsOwn(NftTag.Attachment(networkName, "ctr-1", "eth0")));
        Assert.False(tag.IsEarlier(EarlierNetworkTag(networkName, RulesText)[..^1]));
    }

    private static string RulesText => string.Join('\n', Rules.Select(r => r.Command));

    /// <summary>
    /// What versions before XxHash3 wrote on a network's rules: `hz-net:NAME:` (or `hz-net:sha256-` and 32 hex digits
    /// of the name's SHA-256) and 8 hex digits of the SHA-256 of the rules' text.
    /// </summary>
    private static string EarlierNetworkTag(string networkName, string rulesText) =>
        "hz-net:" + ("hz-net:".Length + networkName.Length < 128 - 10 ? networkName : "sha256-" + Sha256(networkName)[..32]) + ":" + Sha256(rulesText)[..8];

    private static string XxHash3Hex(string text) => Convert.ToHexStringLower(XxHash3.Hash(Encoding.UTF8.GetBytes(text)));

    /// <summary>What versions before XxHash3 wrote: `hz:ID/IFNAME`, or `hz:sha256-` and 32 hex digits of its SHA-256.</summary>
    private static string EarlierTag(string containerId, string ifName)
    {
        var text = $"{containerId}/{ifName}";
        return text.Length < 128 - 10 - 3 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/' or '@' or '+')
            ? "hz:" + text
            : "hz:sha256-" + Sha256(text)[..32];
    }

    /// <summary>How versions before XxHash3 marked the network: "@" and 8 hex digits of the name's SHA-256.</summary>
    private static string EarlierMark(string networkName) => "@" + Sha256(networkName)[..8];

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
