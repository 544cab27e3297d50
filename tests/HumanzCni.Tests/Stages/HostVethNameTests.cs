using System.Text;
using HumanzCni.Stages.Veth;

namespace HumanzCni.Tests.Stages;

/// <summary>
/// DEL finds the host veth by recomputing its name from container id and ifname, with no state: the name
/// must be stable across versions and processes, fit IFNAMSIZ, and differ between attachments.
/// </summary>
public sealed class HostVethNameTests
{
    [Fact]
    public void Name_is_pinned_so_an_upgraded_plugin_still_finds_veths_made_by_the_old_one()
    {
        Assert.Equal("hz0733effde821", HostVethName.For("snapshot-ctr", "eth0"));
        Assert.Equal("hz1a1f6725f34f", HostVethName.For("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "eth0"));
    }

    [Fact]
    public void Name_is_hz_and_the_low_48_bits_of_fnv1a_over_id_slash_ifname()
    {
        // An independent FNV-1a 64 over "containerId/ifName" in UTF-8: the documented derivation.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("pod-7/net1"))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        Assert.Equal($"hz{hash & 0xFFFF_FFFF_FFFFUL:x12}", HostVethName.For("pod-7", "net1"));
    }

    [Theory]
    [InlineData("a", "eth0")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789abcde")]
    [InlineData("ctr", "ethé")]
    public void Name_is_14_bytes_of_lowercase_hex_after_hz_whatever_the_input(string containerId, string ifName)
    {
        var name = HostVethName.For(containerId, ifName);

        Assert.Matches("^hz[0-9a-f]{12}$", name);
        Assert.Equal(14, Encoding.UTF8.GetByteCount(name)); // within the kernel's 15-byte limit
    }

    [Fact]
    public void Same_input_gives_the_same_name_every_time()
    {
        Assert.Equal(HostVethName.For("ctr-1", "eth0"), HostVethName.For("ctr-1", "eth0"));
    }

    [Fact]
    public void Container_id_and_ifname_both_matter()
    {
        var names = new[]
        {
            HostVethName.For("ctr-1", "eth0"),
            HostVethName.For("ctr-2", "eth0"),
            HostVethName.For("ctr-1", "eth1"),
        };

        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void The_separator_keeps_id_and_ifname_apart()
    {
        // Without it, "ab"+"c" and "a"+"bc" would hash the same bytes.
        Assert.NotEqual(HostVethName.For("ab", "c"), HostVethName.For("a", "bc"));
    }

    [Fact]
    public void Twenty_thousand_attachments_get_distinct_names()
    {
        var names = new HashSet<string>();
        for (var i = 0; i < 10_000; i++)
        {
            var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
            names.Add(HostVethName.For(id, "eth0"));
            names.Add(HostVethName.For(id, "net1"));
        }

        Assert.Equal(20_000, names.Count);
    }
}
