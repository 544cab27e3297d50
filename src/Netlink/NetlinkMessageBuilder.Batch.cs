using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// Several messages in one buffer, sent as one datagram: nfnetlink's batches (BEGIN, the changes, END), which
/// the kernel applies as one transaction. Each message's length is patched when the next one starts; the
/// sequence numbers when the batch is finished.
/// </summary>
internal sealed partial class NetlinkMessageBuilder
{
    private int _messageStart;

    /// <summary>Starts an empty batch, discarding whatever was built before.</summary>
    public void BeginBatch()
    {
        _length = 0;
        _messageStart = 0;
    }

    /// <summary>Closes the current message of the batch (if any) and starts the next one.</summary>
    public void BeginNext(ushort type, ushort flags)
    {
        CloseMessage();
        _messageStart = _length;
        var header = new NlMsgHdr { nlmsg_type = type, nlmsg_flags = flags };
        Append(in header);
    }

    /// <summary>Closes the last message and numbers the messages <paramref name="firstSequence"/>, +1, ...; returns the datagram and the message count.</summary>
    public ReadOnlySpan<byte> FinishBatch(uint firstSequence, out int count)
    {
        CloseMessage();
        count = 0;
        for (var offset = 0; offset < _length; count++)
        {
            ref var header = ref MemoryMarshal.AsRef<NlMsgHdr>(_buffer.AsSpan(offset));
            header.nlmsg_seq = firstSequence + (uint)count;
            offset += Align((int)header.nlmsg_len);
        }

        return Written;
    }

    /// <summary>A u32 in network byte order, as nf_tables wants every integer attribute.</summary>
    public void AddBigEndianUInt32(ushort type, uint value) => BinaryPrimitives.WriteUInt32BigEndian(ReserveAttribute(type, sizeof(uint)), value);

    /// <summary>A u64 in network byte order (nf_tables handles).</summary>
    public void AddBigEndianUInt64(ushort type, ulong value) => BinaryPrimitives.WriteUInt64BigEndian(ReserveAttribute(type, sizeof(ulong)), value);

    private void CloseMessage()
    {
        if (_length > _messageStart)
        {
            MemoryMarshal.AsRef<NlMsgHdr>(_buffer.AsSpan(_messageStart)).nlmsg_len = (uint)(_length - _messageStart);
        }
    }
}
