using HumanzCni.Chain.Protocol;

namespace HumanzCni.Tests.Chain;

/// <summary>Version comparison and the spec's version gates for verbs and result fields.</summary>
public sealed class CniVersionTests
{
    [Theory]
    [InlineData("0.3.0", "0.3.1", -1)]
    [InlineData("0.4.0", "0.3.1", 1)]
    [InlineData("1.0.0", "1.0.0", 0)]
    [InlineData("0.10.0", "0.4.0", 1)] // numeric, not text: "0.10.0" < "0.4.0" as strings
    [InlineData("1.0", "1.0.0", 0)] // missing parts count as 0
    [InlineData("1", "1.0.0", 0)]
    [InlineData("1.1.0", "1.0.9", 1)]
    public void Compare_is_numeric_per_part(string a, string b, int expectedSign)
    {
        Assert.Equal(expectedSign, Math.Sign(CniVersion.Compare(a, b)));
        Assert.Equal(-expectedSign, Math.Sign(CniVersion.Compare(b, a)));
    }

    [Theory]
    [InlineData("0.3.0", false)]
    [InlineData("0.3.1", false)]
    [InlineData("0.4.0", true)]
    [InlineData("1.0.0", true)]
    [InlineData("1.1.0", true)]
    public void Check_exists_from_0_4_0(string version, bool allowed)
    {
        Assert.Equal(allowed, CniVersion.AllowsCheck(version));
    }

    [Theory]
    [InlineData("0.4.0", false)]
    [InlineData("1.0.0", false)]
    [InlineData("1.1.0", true)]
    public void Gc_and_status_exist_from_1_1_0(string version, bool allowed)
    {
        Assert.Equal(allowed, CniVersion.AllowsGcAndStatus(version));
    }

    [Theory]
    [InlineData("0.3.0", true)]
    [InlineData("0.4.0", true)]
    [InlineData("1.0.0", false)]
    [InlineData("1.1.0", false)]
    public void Only_results_before_1_0_0_carry_ip_version(string version, bool hasIpVersion)
    {
        Assert.Equal(hasIpVersion, CniVersion.ResultHasIpVersion(version));
    }

    [Theory]
    [InlineData("0.3.0", true)]
    [InlineData("0.3.1", true)]
    [InlineData("0.4.0", true)]
    [InlineData("1.0.0", true)]
    [InlineData("1.1.0", true)]
    [InlineData("0.2.0", false)] // results of 0.2.0 had ip4/ip6 objects; not spoken
    [InlineData("1.0", false)]
    [InlineData("2.0.0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Supported_versions_are_exactly_the_five_spoken(string? version, bool supported)
    {
        Assert.Equal(supported, CniVersion.IsSupported(version));
    }

    [Fact]
    public void Latest_is_1_1_0_and_supported_lists_oldest_first()
    {
        Assert.Equal("1.1.0", CniVersion.Latest);
        Assert.Equal(["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"], CniVersion.Supported);
    }
}
