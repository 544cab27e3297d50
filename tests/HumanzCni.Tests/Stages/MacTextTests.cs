using System.Net.NetworkInformation;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Tests.Stages;

/// <summary>MACs in results read as Go's net.HardwareAddr.String writes them.</summary>
public sealed class MacTextTests
{
    [Theory]
    [InlineData(new byte[] { 0x0a, 0xbc, 0x00, 0x12, 0xef, 0xff }, "0a:bc:00:12:ef:ff")]
    [InlineData(new byte[] { 0x7f }, "7f")]
    [InlineData(new byte[0], "")]
    public void Lower_case_hex_pairs_joined_by_colons(byte[] bytes, string expected)
    {
        Assert.Equal(expected, MacText.Format(new PhysicalAddress(bytes)));
    }
}
