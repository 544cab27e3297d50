using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

public sealed class SysctlTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create();

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void WriteAndRead_HitTheNamespaceOfTheCallingThread()
    {
        var hostValue = Sysctl.Read("net.ipv4.ip_forward");

        var (before, after) = _ns.Handle.Run(() =>
        {
            var initial = Sysctl.Read("net.ipv4.ip_forward");
            Sysctl.Write("net.ipv4.ip_forward", initial == "1" ? "0" : "1");
            return (initial, Sysctl.Read("net.ipv4.ip_forward"));
        });

        Assert.NotEqual(before, after);
        Assert.Equal(after, ProcessRunner.Run("ip", ["netns", "exec", _ns.Name, "cat", "/proc/sys/net/ipv4/ip_forward"]).StandardOutput.Trim());
        // The machine's own setting is untouched.
        Assert.Equal(hostValue, Sysctl.Read("net.ipv4.ip_forward"));
    }

    [Fact]
    public void SlashKeys_AllowDotsInInterfaceNames()
    {
        _ns.Ip("link", "add", "br.100", "type", "bridge");

        var value = _ns.Handle.Run(() =>
        {
            Sysctl.Write("net/ipv6/conf/br.100/accept_dad", "0");
            return Sysctl.Read("net/ipv6/conf/br.100/accept_dad");
        });

        Assert.Equal("0", value);
    }

    [Fact]
    public void Read_MissingKey_ReturnsNull_AndWriteThrows()
    {
        _ns.Handle.Run(() =>
        {
            Assert.Null(Sysctl.Read("net.ipv4.conf.nosuchlink0.forwarding"));
            Assert.Throws<FileNotFoundException>(() => Sysctl.Write("net.ipv4.conf.nosuchlink0.forwarding", "1"));
        });
    }

    [Fact]
    public void Write_RejectedValue_Throws()
    {
        _ns.Handle.Run(() => Assert.Throws<IOException>(() => Sysctl.Write("net.ipv4.ip_forward", "banana")));
    }

    [Theory]
    [InlineData("net.ipv4.ip_forward", "/proc/sys/net/ipv4/ip_forward")]
    [InlineData("net/ipv6/conf/eth0.100/accept_dad", "/proc/sys/net/ipv6/conf/eth0.100/accept_dad")]
    public void ToPath_MapsKeys(string key, string path) => Assert.Equal(path, Sysctl.ToPath(key));

    [Theory]
    [InlineData("net/../../etc/passwd")]
    [InlineData("net..ipv4")]
    [InlineData(" ")]
    public void ToPath_RejectsEscapes(string key) => Assert.Throws<ArgumentException>(() => Sysctl.ToPath(key));
}
