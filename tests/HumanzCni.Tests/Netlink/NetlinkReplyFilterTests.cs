using System.Runtime.InteropServices;
using HumanzCni.Native;
using HumanzCni.Netlink;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Tests.Netlink;

/// <summary>
/// Which received messages answer a request (<see cref="NetlinkSocket.ReadReplies"/>): those carrying its sequence
/// number and addressed to the socket's port id (or sent by the kernel of its own accord, port id 0); anything
/// else in a datagram is skipped, neither handed on nor ending the request.
/// </summary>
public sealed class NetlinkReplyFilterTests
{
    private const uint OwnPort = 4242;
    private const uint OtherPort = 777;
    private const uint Sequence = 1000;

    [Fact]
    public void Data_and_ack_addressed_to_the_socket_complete_the_request()
    {
        var datagram = Datagram(Link(Sequence, OwnPort, index: 7), Ack(Sequence, OwnPort, errno: 0));

        var (result, seen) = Read(datagram, isDump: false);

        Assert.Equal(0, result);
        Assert.Equal([7], seen);
    }

    [Fact]
    public void A_reply_addressed_to_another_port_is_skipped()
    {
        var datagram = Datagram(Link(Sequence, OtherPort, index: 9), Link(Sequence, OwnPort, index: 7), Ack(Sequence, OwnPort, errno: 0));

        var (result, seen) = Read(datagram, isDump: false);

        Assert.Equal(0, result);
        Assert.Equal([7], seen);
    }

    [Fact]
    public void An_error_addressed_to_another_port_does_not_end_the_request()
    {
        var (result, seen) = Read(Datagram(Ack(Sequence, OtherPort, errno: Errno.EPERM)), isDump: false);

        Assert.Null(result);
        Assert.Empty(seen);
    }

    [Fact]
    public void The_socket_s_own_error_ends_the_request_with_its_errno()
    {
        var datagram = Datagram(Ack(Sequence, OtherPort, errno: 0), Ack(Sequence, OwnPort, errno: Errno.EEXIST));

        var (result, _) = Read(datagram, isDump: false);

        Assert.Equal(Errno.EEXIST, result);
    }

    [Fact]
    public void A_reply_to_another_sequence_number_is_skipped()
    {
        var datagram = Datagram(Link(Sequence - 1, OwnPort, index: 3), Ack(Sequence - 1, OwnPort, errno: Errno.ENODEV));

        var (result, seen) = Read(datagram, isDump: false);

        Assert.Null(result);
        Assert.Empty(seen);
    }

    [Fact]
    public void A_message_the_kernel_addresses_to_port_zero_counts()
    {
        var (result, _) = Read(Datagram(Ack(Sequence, KernelPortId, errno: Errno.ENODEV)), isDump: false);

        Assert.Equal(Errno.ENODEV, result);
    }

    [Fact]
    public void A_dump_ends_only_at_its_own_done()
    {
        var partial = Datagram(Link(Sequence, OwnPort, index: 1), Done(Sequence, OtherPort), Link(Sequence, OwnPort, index: 2));
        var end = Datagram(Link(Sequence, OtherPort, index: 8), Done(Sequence, OwnPort));

        var (first, seenFirst) = Read(partial, isDump: true);
        var (last, seenLast) = Read(end, isDump: true);

        Assert.Null(first);
        Assert.Equal([1, 2], seenFirst);
        Assert.Equal(0, last);
        Assert.Empty(seenLast);
    }

    private static (int? Result, List<int> Seen) Read(byte[] datagram, bool isDump)
    {
        var handler = new LinkIndexes([]);
        var interrupted = false;
        var result = NetlinkSocket.ReadReplies(datagram, OwnPort, Sequence, isDump, ref handler, ref interrupted, out _);
        return (result, handler.Seen);
    }

    private static byte[] Datagram(params byte[][] messages) => [.. messages.SelectMany(message => message)];

    /// <summary>An RTM_NEWLINK carrying only its ifinfomsg, told apart by its index.</summary>
    private static byte[] Link(uint sequence, uint portId, int index) =>
        Message(RtNetlinkConstants.RTM_NEWLINK, sequence, portId, Bytes(new IfInfoMsg { ifi_index = index }));

    /// <summary>NLMSG_ERROR: -errno (0 for an ack), then the echoed request's header.</summary>
    private static byte[] Ack(uint sequence, uint portId, int errno) =>
        Message(NLMSG_ERROR, sequence, portId, [.. Bytes(-errno), .. Bytes(new NlMsgHdr { nlmsg_len = NLMSG_HDRLEN, nlmsg_seq = sequence, nlmsg_pid = portId })]);

    private static byte[] Done(uint sequence, uint portId) => Message(NLMSG_DONE, sequence, portId, Bytes(0));

    private static byte[] Message(ushort type, uint sequence, uint portId, byte[] payload)
    {
        var header = new NlMsgHdr
        {
            nlmsg_len = (uint)(NLMSG_HDRLEN + payload.Length),
            nlmsg_type = type,
            nlmsg_seq = sequence,
            nlmsg_pid = portId,
        };
        return [.. Bytes(header), .. payload, .. new byte[Align(payload.Length) - payload.Length]];
    }

    private static byte[] Bytes<T>(T value)
        where T : unmanaged => MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray();

    /// <summary>Collects the index of every link message handed on.</summary>
    private readonly struct LinkIndexes(List<int> seen) : INetlinkResponseHandler
    {
        public List<int> Seen { get; } = seen;

        public void OnMessage(in NetlinkMessage message)
        {
            Assert.True(message.TryReadHeader<IfInfoMsg>(out var link));
            Seen.Add(link.ifi_index);
        }

        public void Reset() => Seen.Clear();
    }
}
