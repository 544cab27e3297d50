using HumanzCni.Native;
using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

/// <summary>
/// Each datagram is read with one recvfrom, without peeking at its size first: an answer bigger than the receive
/// buffer comes in cut short. A socket with a tiny buffer makes that happen on every answer.
/// </summary>
public sealed class NetlinkTruncationTests : IDisposable
{
    private readonly TestNamespace _ns = TestNamespace.Create();

    public void Dispose() => _ns.Dispose();

    [Fact]
    public void A_single_answer_cut_short_is_asked_for_again_with_room_for_it()
    {
        var (cut, whole, again) = _ns.Handle.Run(() =>
        {
            using var small = RtNetlink.Open(receiveBufferSize: 64);
            using var normal = RtNetlink.Open();
            return (small.GetLink("lo"), normal.GetLink("lo"), small.GetLink("lo"));
        });

        Assert.NotNull(cut);
        Assert.Equal(whole, cut);
        Assert.Equal(whole, again);
    }

    [Fact]
    public void A_dump_cut_short_fails_with_EMSGSIZE_instead_of_waiting_for_an_end_it_lost()
    {
        var failure = _ns.Handle.Run(() =>
        {
            using var small = RtNetlink.Open(receiveBufferSize: 64);
            return Assert.Throws<NetlinkException>(() => small.ListLinks());
        });

        Assert.Equal(Errno.EMSGSIZE, failure.Errno);
    }
}
