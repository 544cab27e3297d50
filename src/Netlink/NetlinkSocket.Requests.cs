namespace HumanzCni.Netlink;

/// <summary>Sending several rtnetlink requests (<see cref="NetlinkMessageBuilder.AppendRequest"/>) in one datagram.</summary>
internal sealed partial class NetlinkSocket
{
    /// <summary>
    /// Sends the requests in <paramref name="requests"/> (a builder of their own) as one datagram and waits until the
    /// kernel has answered the last. rtnetlink has no transactions: it carries the requests out one at a time, in
    /// order, each as if it had come alone, and a refusal does not stop the ones after it. It answers each refused
    /// request with its error, and the last with its ack; since the answers come in order, the last one's means every
    /// request has been dealt with. Returns 0 when none was refused, else the first refusal's errno, with the index of
    /// that request and the kernel's extended-ack text; every request not refused has been carried out. When the
    /// datagram cannot be sent or the answers cannot be read, the index is -1: none, some or all of the requests may
    /// have been carried out.
    /// </summary>
    /// <remarks>
    /// Only requests answered by an ack alone belong here (changes, not GET or dump requests): a dump in the middle
    /// of a datagram is answered after the requests that follow it, without an ack.
    /// </remarks>
    public int TransactRequests(NetlinkMessageBuilder requests, out int failedRequest, out string? kernelMessage)
    {
        failedRequest = -1;
        kernelMessage = null;
        var first = _sequence + 1;
        var datagram = requests.FinishRequests(first, out var count);
        if (count == 0)
        {
            return 0;
        }

        _sequence += (uint)count;
        var sendError = TimedSend(datagram);
        if (sendError != 0)
        {
            return sendError;
        }

        var last = first + (uint)(count - 1);
        var firstError = 0;
        while (true)
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

                var errno = ParseError(in message, out var text);
                if (errno != 0 && firstError == 0)
                {
                    firstError = errno;
                    failedRequest = (int)(message.Sequence - first);
                    kernelMessage = text;
                }

                if (message.Sequence == last)
                {
                    return firstError;
                }
            }
        }
    }
}
