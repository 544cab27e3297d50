using System.Text.Json;
using HumanzCni.Native;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

/// <summary>Qdiscs, filters and ifb links over netlink, checked with `tc` and `ip` inside a throwaway namespace.</summary>
public sealed class RtNetlinkTcTests : IDisposable
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(25);

    private readonly TestNamespace _ns = TestNamespace.Create();
    private readonly int _veth;

    public RtNetlinkTcTests()
    {
        _ns.Ip("link", "add", "hzv0", "type", "veth", "peer", "name", "hzv1");
        _veth = _ns.IpJson("link", "show", "hzv0")[0].GetProperty("ifindex").GetInt32();
    }

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void AddIfb_CreatesAnIfbLinkWithTheMtu_AndSecondAddFailsWithEexist()
    {
        var (link, error) = _ns.Run(netlink =>
        {
            netlink.AddIfb("hzb0", 1400);
            return (netlink.GetLink("hzb0"), Assert.Throws<NetlinkException>(() => netlink.AddIfb("hzb0", 1400)));
        });

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.Contains("ip link add hzb0 mtu 1400 type ifb", error.Operation, StringComparison.Ordinal);
        Assert.NotNull(link);
        Assert.Equal("ifb", link.Kind);
        Assert.Equal(1400, link.Mtu);
        Assert.Equal("ifb", _ns.IpJson("-d", "link", "show", "hzb0")[0].GetProperty("linkinfo").GetProperty("info_kind").GetString());
    }

    [Fact]
    public void GetLink_OfAVethEnd_NamesItsPeerInLinkIndex()
    {
        var peer = _ns.IpJson("link", "show", "hzv1")[0].GetProperty("ifindex").GetInt32();

        var link = _ns.Run(netlink => netlink.GetLink("hzv0"));

        Assert.Equal(peer, link!.LinkIndex);
    }

    [Fact]
    public void AddTbfQdisc_SetsWhatTcWouldSetForTheSameRateBurstAndLatency()
    {
        _ns.Ip("link", "add", "hzb1", "type", "ifb");
        var tbf = TbfParameters.For(1_250_000, 65_536, Latency, PacketSchedulerClock.Kernel);

        _ns.Run(netlink => netlink.AddTbfQdisc(_veth, TcHandle.Root, TcHandle.Make(1, 0), tbf));
        Tc("qdisc", "add", "dev", "hzb1", "root", "handle", "1:", "tbf", "rate", "10mbit", "burst", "65536", "latency", "25ms");

        var ours = TcJson("-d", "qdisc", "show", "dev", "hzv0")[0];
        var theirs = TcJson("-d", "qdisc", "show", "dev", "hzb1")[0];
        Assert.Equal("tbf", ours.GetProperty("kind").GetString());
        Assert.Equal("1:", ours.GetProperty("handle").GetString());
        Assert.Equal(1_250_000, ours.GetProperty("options").GetProperty("rate").GetInt64());
        Assert.Equal(theirs.GetProperty("options").GetRawText(), ours.GetProperty("options").GetRawText());
    }

    [Fact]
    public void ListQdiscs_ReportsTheTbfSettings_AndAddingASecondFailsWithEexist()
    {
        var tbf = TbfParameters.For(2_500_000, 32_768, Latency, PacketSchedulerClock.Kernel);

        var (listed, error) = _ns.Run(netlink =>
        {
            netlink.AddTbfQdisc(_veth, TcHandle.Root, TcHandle.Make(1, 0), tbf);
            return (netlink.ListQdiscs(_veth), Assert.Throws<NetlinkException>(() => netlink.AddTbfQdisc(_veth, TcHandle.Root, TcHandle.Make(1, 0), tbf)));
        });

        Assert.Equal(Errno.EEXIST, error.Errno);
        Assert.Contains("tc qdisc add dev", error.Operation, StringComparison.Ordinal);
        var qdisc = Assert.Single(listed, q => q.Kind == "tbf");
        Assert.Equal(TcHandle.Make(1, 0), qdisc.Handle);
        Assert.Equal(TcHandle.Root, qdisc.Parent);
        Assert.Equal(tbf.RateBytesPerSecond, qdisc.Tbf!.RateBytesPerSecond);
        Assert.Equal(tbf.LimitBytes, qdisc.Tbf.LimitBytes);
        // The kernel keeps the bucket as nanoseconds and reports 64 ns ticks: the burst read back is within a byte or two.
        Assert.InRange(qdisc.Tbf.BurstBytes, tbf.BurstBytes - 16, tbf.BurstBytes + 16);
    }

    [Fact]
    public void ReplaceTbfQdisc_CreatesThenChangesTheRate()
    {
        var slow = TbfParameters.For(1_250_000, 65_536, Latency, PacketSchedulerClock.Kernel);
        var fast = TbfParameters.For(12_500_000_000, 1_048_576, Latency, PacketSchedulerClock.Kernel);

        var rates = _ns.Run(netlink =>
        {
            netlink.ReplaceTbfQdisc(_veth, TcHandle.Root, TcHandle.Make(1, 0), slow);
            var first = netlink.ListQdiscs(_veth).Single(q => q.Kind == "tbf").Tbf!.RateBytesPerSecond;
            netlink.ReplaceTbfQdisc(_veth, TcHandle.Root, TcHandle.Make(1, 0), fast);
            return (first, netlink.ListQdiscs(_veth).Single(q => q.Kind == "tbf").Tbf!.RateBytesPerSecond);
        });

        Assert.Equal((1_250_000UL, 12_500_000_000UL), rates);
        Assert.Contains("rate 100Gbit", Tc("qdisc", "show", "dev", "hzv0"), StringComparison.Ordinal);
    }

    [Fact]
    public void RedirectFilter_OnTheIngressQdisc_SendsEveryPacketToTheIfb()
    {
        var filters = _ns.Run(netlink =>
        {
            netlink.AddIfb("hzb2", 0);
            var ifb = netlink.GetLink("hzb2")!.Index;
            netlink.AddIngressQdisc(_veth);
            netlink.AddRedirectFilter(_veth, TcHandle.IngressQdisc, 1, ifb);
            return (ifb, netlink.ListFilters(_veth, TcHandle.IngressQdisc));
        });

        var redirect = Assert.Single(filters.Item2, f => f.RedirectIndex is not null);
        Assert.Equal(filters.ifb, redirect.RedirectIndex);
        Assert.Equal("u32", redirect.Kind);
        Assert.Equal(1, redirect.Priority);
        Assert.Equal(3, redirect.Protocol);
        Assert.Contains(_ns.Run(netlink => netlink.ListQdiscs(_veth)), q => q.Kind == "ingress" && q.Handle == TcHandle.IngressQdisc && q.Parent == TcHandle.Ingress);
        var shown = Tc("filter", "show", "dev", "hzv0", "ingress");
        Assert.Contains("match 00000000/00000000 at 0", shown, StringComparison.Ordinal);
        Assert.Contains("mirred (Egress Redirect to device hzb2) stolen", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void DeleteQdisc_RemovesRootAndIngress_AndASecondDeleteSaysTheyAreGone()
    {
        var tbf = TbfParameters.For(1_250_000, 65_536, Latency, PacketSchedulerClock.Kernel);

        var (left, rootAgain, ingressAgain) = _ns.Run(netlink =>
        {
            netlink.AddTbfQdisc(_veth, TcHandle.Root, TcHandle.Make(1, 0), tbf);
            netlink.AddIngressQdisc(_veth);
            netlink.DeleteQdisc(_veth, TcHandle.Root, 0);
            netlink.DeleteQdisc(_veth, TcHandle.Ingress, TcHandle.IngressQdisc);
            return (
                netlink.ListQdiscs(_veth),
                Assert.Throws<NetlinkException>(() => netlink.DeleteQdisc(_veth, TcHandle.Root, 0)),
                Assert.Throws<NetlinkException>(() => netlink.DeleteQdisc(_veth, TcHandle.Ingress, TcHandle.IngressQdisc)));
        });

        Assert.DoesNotContain(left, q => q.Kind is "tbf" or "ingress");
        Assert.Contains(rootAgain.Errno, new[] { Errno.ENOENT, Errno.EINVAL });
        Assert.Contains(ingressAgain.Errno, new[] { Errno.ENOENT, Errno.EINVAL });
        Assert.Contains("tc qdisc del dev", rootAgain.Operation, StringComparison.Ordinal);
    }

    private string Tc(params string[] args)
    {
        var (exitCode, stdout, stderr) = ProcessRunner.Run("tc", ["-n", _ns.Name, .. args]);
        Assert.True(exitCode == 0, $"tc {string.Join(' ', args)} exited {exitCode}: {stderr}");
        return stdout;
    }

    private JsonElement TcJson(params string[] args)
    {
        using var document = JsonDocument.Parse(Tc(["-j", .. args]));
        return document.RootElement.Clone();
    }
}
