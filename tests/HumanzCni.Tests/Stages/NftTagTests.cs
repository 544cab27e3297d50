using System.Security.Cryptography;
using System.Text;
using HumanzCni.Stages.Nat;

namespace HumanzCni.Tests.Stages;

/// <summary>
/// DEL and GC find a pod's port mappings and a network's rules by the tags written into the ruleset, so the hashes in
/// them must stay SHA-256 whatever computes it: a changed tag would leave every rule written by an older version behind.
/// </summary>
public sealed class NftTagTests
{
    [Fact]
    public void Tags_are_pinned_so_an_upgraded_plugin_still_finds_the_rules_of_the_old_one()
    {
        Assert.Equal("@e878d2e7", NftTag.NetworkMark("humanz-cni"));
        Assert.Equal("@0861d530", NftTag.NetworkMark("ünïcode-net"));
        Assert.Equal("hz:sha256-296e8173c064f9291f5965f264b32aec", NftTag.LegacyAttachment(new string('c', 120), "eth0"));
        Assert.Equal("hz:pod-1/eth0@e878d2e7", NftTag.Attachment("humanz-cni", "pod-1", "eth0"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a network name of exactly fifty-five bytes, one block!!")]
    [InlineData("a network name of exactly fifty-six bytes, two blocks!!!")]
    [InlineData("a network name that is longer than one whole sixty-four byte block of SHA-256")]
    public void Network_mark_is_the_first_8_hex_digits_of_the_names_sha256(string network)
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(network)))[..8];

        Assert.Equal("@" + expected, NftTag.NetworkMark(network));
    }
}
