using System.Runtime.InteropServices;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// Several independent rtnetlink requests in one datagram (see <see cref="NetlinkSocket.TransactRequests"/>): each is
/// built alone in a socket's request buffer and then copied here. Only the last asks for an ack.
/// </summary>
internal sealed partial class NetlinkMessageBuilder
{
    /// <summary>
    /// Appends <paramref name="request"/> (a message started with <see cref="Begin"/>, not yet finished) as the next
    /// message, without NLM_F_ACK: the kernel answers a refused request whether or not it asked for an ack.
    /// </summary>
    public void AppendRequest(ReadOnlySpan<byte> request)
    {
        CloseMessage();
        _messageStart = _length;
        request.CopyTo(Reserve(request.Length));
        MessageHeaderAt(_messageStart).nlmsg_flags &= unchecked((ushort)~NLM_F_ACK);
    }

    /// <summary>Asks an ack of the last request only, numbers the requests from <paramref name="firstSequence"/> on, and returns the datagram and the request count.</summary>
    public ReadOnlySpan<byte> FinishRequests(uint firstSequence, out int count)
    {
        if (_length > 0)
        {
            MessageHeaderAt(_messageStart).nlmsg_flags |= NLM_F_ACK;
        }

        return FinishBatch(firstSequence, out count);
    }

    private ref NlMsgHdr MessageHeaderAt(int offset) => ref MemoryMarshal.AsRef<NlMsgHdr>(_buffer.AsSpan(offset));
}
