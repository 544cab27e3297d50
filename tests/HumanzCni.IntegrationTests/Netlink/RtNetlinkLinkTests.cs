using System.Net.NetworkInformation;
using HumanzCni.Native;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

public sealed class RtNetlinkLinkTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create();

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void AddBridge_CreatesBridgeWithMtu_AndSecondAddFailsWithEexist()
    {
        var error = _ns.Run(netlink =>
        {
            netlink.AddBridge("hzbr0", 1400);
            return Assert.Throws<NetlinkException>(() => netlink.AddBridge("hzbr0", 1400));
        });

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.Contains("ip link add hzbr0", error.Operation, StringComparison.Ordinal);
        var link = _ns.IpJson("-d", "link", "show", "hzbr0")[0];
        Assert.Equal(1400, link.GetProperty("mtu").GetInt32());
        Assert.Equal("bridge", link.GetProperty("linkinfo").GetProperty("info_kind").GetString());
    }

    [Fact]
    public void AddBridge_WithoutMtu_UsesKernelDefault()
    {
        var link = _ns.Run(netlink =>
        {
            netlink.AddBridge("hzbr0", 0);
            return netlink.GetLink("hzbr0");
        });

        Assert.NotNull(link);
        Assert.Equal(1500, link.Mtu);
        Assert.Equal("bridge", link.Kind);
        Assert.False(link.IsUp);
        Assert.Equal(6, link.Mac.GetAddressBytes().Length);
    }

    [Fact]
    public void AddVethPair_PutsPeerInOtherNamespace()
    {
        using var peerNs = TestNamespace.Create();

        _ns.Run(netlink => netlink.AddVethPair("hzveth0", "eth0", peerNs.Handle, 1450));

        var host = _ns.IpJson("-d", "link", "show", "hzveth0")[0];
        Assert.Equal(1450, host.GetProperty("mtu").GetInt32());
        Assert.Equal("veth", host.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        var peer = peerNs.IpJson("-d", "link", "show", "eth0")[0];
        Assert.Equal(1450, peer.GetProperty("mtu").GetInt32());
        Assert.Equal("veth", peer.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        // The peer never appears in the first namespace.
        Assert.Equal(1, ProcessRunner.Run("ip", ["-n", _ns.Name, "link", "show", "eth0"]).ExitCode);

        var peerLink = peerNs.Run(netlink => netlink.GetLink("eth0"));
        Assert.NotNull(peerLink);
        Assert.Equal("veth", peerLink.Kind);
    }

    [Fact]
    public void AddVethPair_WithMaster_CreatesTheHostEndAsABridgePort()
    {
        using var peerNs = TestNamespace.Create();

        var (host, bridge) = _ns.Run(netlink =>
        {
            netlink.AddBridge("hzbr0", 0);
            var bridgeIndex = netlink.GetLink("hzbr0")!.Index;
            netlink.AddVethPair("hzveth0", "eth0", peerNs.Handle, 0, bridgeIndex);
            return (netlink.GetLink("hzveth0"), bridgeIndex);
        });

        Assert.NotNull(host);
        Assert.Equal(bridge, host.MasterIndex);
        Assert.NotNull(peerNs.Run(netlink => netlink.GetLink("eth0")));
    }

    [Fact]
    public void AddVethPair_WhenPeerNameTaken_FailsWithKernelMessage()
    {
        using var peerNs = TestNamespace.Create();
        peerNs.Ip("link", "add", "eth0", "type", "bridge");

        var error = _ns.Run(netlink => Assert.Throws<NetlinkException>(() => netlink.AddVethPair("hzveth0", "eth0", peerNs.Handle, 0)));

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.Contains("peer name eth0", error.Operation, StringComparison.Ordinal);
        // Nothing half-created is left behind.
        Assert.Equal(1, ProcessRunner.Run("ip", ["-n", _ns.Name, "link", "show", "hzveth0"]).ExitCode);
    }

    [Fact]
    public void SetMasterUpMtuRenameDelete_ChangeTheLink()
    {
        _ns.Run(netlink =>
        {
            netlink.AddBridge("hzbr0", 0);
            netlink.AddVethPair("hzv0", "hzv1", _ns.Handle, 0);
            var bridge = netlink.GetLink("hzbr0")!;
            var veth = netlink.GetLink("hzv0")!;

            netlink.SetMtu(veth.Index, 1300);
            netlink.Rename(veth.Index, "hzv0new");
            netlink.SetMaster(veth.Index, bridge.Index);
            netlink.SetUp(veth.Index);
            netlink.SetUp(bridge.Index);
        });

        var link = _ns.IpJson("link", "show", "hzv0new")[0];
        Assert.Equal(1300, link.GetProperty("mtu").GetInt32());
        Assert.Equal("hzbr0", link.GetProperty("master").GetString());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));

        var after = _ns.Run(netlink =>
        {
            var veth = netlink.GetLink("hzv0new")!;
            Assert.True(veth.IsUp);
            netlink.DeleteLink(veth.Index);
            return (netlink.GetLink("hzv0new"), netlink.GetLink("hzv1"));
        });

        // Deleting one end of a veth takes the other with it.
        Assert.Null(after.Item1);
        Assert.Null(after.Item2);
    }

    [Fact]
    public void GetLink_ByNameAndIndex_AgreeWithIp()
    {
        _ns.Ip("link", "add", "hzbr0", "address", "02:11:22:33:44:55", "type", "bridge");
        var expectedIndex = _ns.IpJson("link", "show", "hzbr0")[0].GetProperty("ifindex").GetInt32();

        var (byName, byIndex, missingName, missingIndex, tooLong) = _ns.Run(netlink => (
            netlink.GetLink("hzbr0"),
            netlink.GetLink(expectedIndex),
            netlink.GetLink("nope0"),
            netlink.GetLink(987654),
            netlink.GetLink("a-name-longer-than-15-bytes")));

        Assert.NotNull(byName);
        Assert.Equal(byName, byIndex);
        Assert.Equal(expectedIndex, byName.Index);
        Assert.Equal("hzbr0", byName.Name);
        Assert.Equal(PhysicalAddress.Parse("02-11-22-33-44-55"), byName.Mac);
        Assert.Equal("bridge", byName.Kind);
        Assert.Equal(0, byName.MasterIndex);
        Assert.Null(missingName);
        Assert.Null(missingIndex);
        Assert.Null(tooLong);
    }

    [Fact]
    public void GetLink_Loopback_HasNoKind()
    {
        var lo = _ns.Run(netlink => netlink.GetLink("lo"));

        Assert.NotNull(lo);
        Assert.Equal(1, lo.Index);
        Assert.Null(lo.Kind);
        Assert.Equal(65536, lo.Mtu);
    }

    [Fact]
    public void ListLinks_ReturnsOnlyPortsOfTheMaster()
    {
        _ns.Ip("link", "add", "hzbr0", "type", "bridge");
        _ns.Ip("link", "add", "hzbr1", "type", "bridge");
        _ns.Ip("link", "add", "a0", "type", "veth", "peer", "name", "a1");
        _ns.Ip("link", "add", "b0", "type", "veth", "peer", "name", "b1");
        _ns.Ip("link", "set", "a0", "master", "hzbr0");
        _ns.Ip("link", "set", "b0", "master", "hzbr0");
        _ns.Ip("link", "set", "a1", "master", "hzbr1");

        var (ports, empty) = _ns.Run(netlink =>
        {
            var bridge = netlink.GetLink("hzbr0")!;
            return (netlink.ListLinks(bridge.Index), netlink.ListLinks(netlink.GetLink("lo")!.Index));
        });

        Assert.Equal(["a0", "b0"], ports.Select(l => l.Name).Order());
        Assert.All(ports, l => Assert.Equal("veth", l.Kind));
        Assert.Empty(empty);
    }

    [Fact]
    public void DeleteLink_Missing_ThrowsEnodev()
    {
        var error = _ns.Run(netlink => Assert.Throws<NetlinkException>(() => netlink.DeleteLink(987654)));

        Assert.Equal(Errno.ENODEV, error.Errno);
        Assert.Equal("ip link del dev 987654", error.Operation);
    }

    [Fact]
    public void ListLinks_DumpSpanningManyDatagrams_ReturnsEveryPort()
    {
        // 300 links make the dump far bigger than one 32 KiB datagram.
        var batch = Path.GetTempFileName();
        try
        {
            var commands = new System.Text.StringBuilder("link add hzbr0 type bridge\n");
            for (var i = 0; i < 150; i++)
            {
                commands.Append($"link add p{i}a type veth peer name p{i}b\nlink set p{i}a master hzbr0\n");
            }

            File.WriteAllText(batch, commands.ToString());
            _ns.Ip("-batch", batch);
        }
        finally
        {
            File.Delete(batch);
        }

        var ports = _ns.Run(netlink => netlink.ListLinks(netlink.GetLink("hzbr0")!.Index));

        Assert.Equal(150, ports.Count);
        Assert.Equal(150, ports.Select(p => p.Name).Distinct().Count());
        Assert.All(ports, p => Assert.EndsWith("a", p.Name, StringComparison.Ordinal));
    }
}
