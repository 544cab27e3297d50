namespace HumanzCni.Netlink;

/// <summary>Sending an nfnetlink batch (<see cref="NetlinkMessageBuilder.BeginBatch"/>) and collecting its acks.</summary>
internal sealed partial class NetlinkSocket
{
    /// <summary>
    /// Sends the batch in <paramref name="batch"/> (a builder of its own, so requests made while it is being
    /// built do not disturb it) as one datagram and waits until the kernel has acked each of the
    /// <paramref name="acked"/> messages that asked for an ack (NLM_F_ACK), or refused one. Returns 0 or the
    /// errno, with the index of the refused message in the batch (0: the batch as a whole, e.g. its commit) and
    /// the kernel's extended-ack text.
    /// </summary>
    public int TransactBatch(NetlinkMessageBuilder batch, int acked, out int failedMessage, out string? kernelMessage)
    {
        ObjectDisposedException.ThrowIf(_socket.IsClosed, this);
        failedMessage = -1;
        kernelMessage = null;
        var first = _sequence + 1;
        var datagram = batch.FinishBatch(first, out var count);
        _sequence += (uint)count;
        var sendError = TimedSend(datagram);
        if (sendError != 0)
        {
            return sendError;
        }

        for (var acks = 0; acks < acked;)
        {
            var received = ReceiveAcks(first, count, out var receiveError, out var cutShort);
            if (receiveError != 0)
            {
                kernelMessage = cutShort;
                return receiveError;
            }

            var reader = new NetlinkMessageReader(ReceiveBuffer.AsSpan(0, received));
            while (reader.TryRead(out var message))
            {
                if (!IsAckOfOneOf(in message, first, count))
                {
                    continue;
                }

                var errno = ParseError(in message, out kernelMessage);
                if (errno != 0)
                {
                    failedMessage = (int)(message.Sequence - first);
                    return errno;
                }

                acks++;
            }
        }

        return 0;
    }
}
