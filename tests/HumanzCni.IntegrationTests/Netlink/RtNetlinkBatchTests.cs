using System.Net;
using System.Net.Sockets;
using HumanzCni.Native;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

/// <summary>Several changes in one datagram: carried out in order, the first refusal reported as if sent alone, the rest still carried out.</summary>
public sealed class RtNetlinkBatchTests : IDisposable
{
    /// <summary>Linux's errno for "Network is unreachable" (not among <see cref="Errno"/>'s names).</summary>
    private const int ENETUNREACH = 101;

    private readonly TestNamespace _ns = TestNamespace.Create();
    private readonly int _index;

    public RtNetlinkBatchTests()
    {
        // Both ends down: a route via a gateway on hzv0 needs it up and holding an address in the gateway's subnet.
        _ns.Ip("link", "add", "hzv0", "type", "veth", "peer", "name", "hzv1");
        _index = _ns.IpJson("link", "show", "hzv0")[0].GetProperty("ifindex").GetInt32();
    }

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void Changes_are_carried_out_in_the_order_they_were_added()
    {
        var route = new RouteInfo(IPAddress.Parse("10.9.0.0"), 24, IPAddress.Parse("192.0.2.254"), _index);

        var pending = _ns.Run(netlink =>
        {
            var batch = netlink.CreateBatch()
                .AddAddress(_index, IPAddress.Parse("192.0.2.1"), 24)
                .AddAddress(_index, IPAddress.Parse("2001:db8:1::1"), 64, noDad: true)
                .SetUp(_index)
                .SetUp(RtNetlink.LoopbackIndex)
                .AddRoute(route);
            var count = batch.Count;
            batch.Send();
            return (count, batch.Count);
        });

        Assert.Equal((5, 0), pending);
        var link = _ns.IpJson("addr", "show", "dev", "hzv0")[0];
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var addresses = link.GetProperty("addr_info").EnumerateArray().Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToList();
        Assert.Contains("192.0.2.1/24", addresses);
        Assert.Contains("2001:db8:1::1/64", addresses);
        Assert.Contains("UP", _ns.IpJson("link", "show", "lo")[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("192.0.2.254", _ns.IpJson("route", "show", "10.9.0.0/24")[0].GetProperty("gateway").GetString());
    }

    [Fact]
    public void A_refusal_is_reported_as_the_request_alone_would_be_and_the_changes_after_it_are_still_carried_out()
    {
        _ns.Ip("addr", "add", "192.0.2.1/24", "dev", "hzv0");

        var (batched, alone) = _ns.Run(netlink =>
        {
            var batch = netlink.CreateBatch()
                .AddAddress(_index, IPAddress.Parse("192.0.2.1"), 24)
                .SetUp(_index)
                .AddAddress(_index, IPAddress.Parse("192.0.2.7"), 24);
            return (
                Assert.Throws<NetlinkException>(batch.Send),
                Assert.Throws<NetlinkException>(() => netlink.AddAddress(_index, IPAddress.Parse("192.0.2.1"), 24)));
        });

        Assert.Equal(Errno.EEXIST, batched.Errno);
        Assert.Equal($"ip addr add 192.0.2.1/24 dev {_index}", batched.Operation);
        Assert.Equal(alone.Message, batched.Message);
        // Not a transaction: what came after the refused change was carried out, as the API documents.
        var link = _ns.IpJson("addr", "show", "dev", "hzv0")[0];
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains(link.GetProperty("addr_info").EnumerateArray(), a => a.GetProperty("local").GetString() == "192.0.2.7");
    }

    [Fact]
    public void The_first_of_several_refusals_is_reported_with_the_kernels_own_words_and_the_socket_serves_on()
    {
        // The link is down, so its subnet has no route and the kernel refuses the gateway; the address after that is a duplicate.
        _ns.Ip("addr", "add", "192.0.2.1/24", "dev", "hzv0");
        var route = new RouteInfo(IPAddress.Parse("10.9.0.0"), 24, IPAddress.Parse("192.0.2.254"), _index);

        var (error, afterwards) = _ns.Run(netlink =>
        {
            var batch = netlink.CreateBatch()
                .AddRoute(route)
                .AddAddress(_index, IPAddress.Parse("192.0.2.1"), 24);
            var error = Assert.Throws<NetlinkException>(batch.Send);
            batch.SetUp(_index).Send();
            return (error, netlink.GetLink(_index));
        });

        Assert.Equal(ENETUNREACH, error.Errno);
        Assert.StartsWith($"ip route add 10.9.0.0/24 via 192.0.2.254 dev {_index}", error.Operation, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.KernelMessage), "the kernel's extended ack was lost");
        Assert.True(afterwards?.IsUp, "the batch sent after the failed one was not carried out");
        Assert.Empty(_ns.IpJson("route", "show", "10.9.0.0/24").EnumerateArray());
    }

    [Fact]
    public void Sending_an_empty_batch_sends_nothing()
    {
        _ns.Run(netlink => netlink.CreateBatch().Send());

        Assert.Equal(0, _ns.IpJson("-4", "addr", "show", "dev", "hzv0").EnumerateArray().Sum(l => l.GetProperty("addr_info").GetArrayLength()));
    }

    [Fact]
    public void Lo_has_the_loopback_index_in_a_new_namespace()
    {
        Assert.Equal(RtNetlink.LoopbackIndex, _ns.Run(netlink => netlink.GetLink("lo")?.Index));
        Assert.Equal(RtNetlink.LoopbackIndex, _ns.IpJson("link", "show", "lo")[0].GetProperty("ifindex").GetInt32());
    }

    [Fact]
    public void Kernel_time_inside_the_namespace_counts_for_the_thread_that_waited_for_it()
    {
        var before = NetlinkKernelTime.Ticks;

        _ns.Run(netlink => netlink.ListRoutes(AddressFamily.InterNetwork));

        Assert.True(NetlinkKernelTime.Ticks > before, "the namespace worker's netlink time was not added to its caller's");
    }
}
