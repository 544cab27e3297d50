using System.Runtime.InteropServices;
using HumanzCni.Native;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// A netlink socket (NETLINK_ROUTE, or NETLINK_NETFILTER for conntrack) speaking request/response: stamp a sequence number on the message in
/// <see cref="Request"/>, send it, then read datagrams until the matching ack, error or NLMSG_DONE.
/// Failures come back as an errno plus the kernel's extended-ack text rather than as exceptions, so the
/// typed layer above decides what an errno means (ENODEV on a lookup is "not found", not a failure) and
/// only formats an `ip`-style description when there really is an error.
/// </summary>
internal sealed partial class NetlinkSocket : IDisposable
{
    /// <summary>Big enough for a whole dump datagram (the kernel fills up to 32 KiB per recv); grown on demand.</summary>
    private const int InitialReceiveBufferSize = 32 * 1024;

    /// <summary>How often an interrupted (NLM_F_DUMP_INTR) dump is restarted before giving up with EAGAIN.</summary>
    private const int MaxDumpAttempts = 5;

    private int _fd;
    private uint _sequence;
    private byte[] _receiveBuffer = new byte[InitialReceiveBufferSize];

    private NetlinkSocket(int fd)
    {
        _fd = fd;
        // Any start works: the socket has its own port id, the sequence only has to tell this
        // request's replies from leftovers of an earlier one abandoned half-read.
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>The message the next <see cref="Transact{THandler}"/> sends. Reused across requests.</summary>
    public NetlinkMessageBuilder Request { get; } = new();

    /// <summary>Opens and binds a socket of the netlink <paramref name="protocol"/> in the calling thread's network namespace; errno on failure.</summary>
    public static NetlinkSocket Open(int protocol = NETLINK_ROUTE)
    {
        var fd = Interop.Socket(Interop.AF_NETLINK, Interop.SOCK_RAW | Interop.SOCK_CLOEXEC, protocol);
        if (fd < 0)
        {
            throw new NetlinkException($"socket(AF_NETLINK, {protocol})", Marshal.GetLastPInvokeError(), null);
        }

        // Port id 0: the kernel picks a unique one, so several sockets in one process never clash.
        var address = new Interop.SockaddrNl { Family = Interop.AF_NETLINK };
        if (Interop.Bind(fd, in address, Marshal.SizeOf<Interop.SockaddrNl>()) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Interop.Close(fd);
            throw new NetlinkException("bind(AF_NETLINK)", errno, null);
        }

        // Best effort: older kernels lack some of these, and the socket works without them, only with
        // terser errors (EXT_ACK), bigger error acks (CAP_ACK) or laxer request checking (GET_STRICT_CHK).
        SetOption(fd, Interop.NETLINK_EXT_ACK);
        SetOption(fd, NETLINK_CAP_ACK);
        SetOption(fd, Interop.NETLINK_GET_STRICT_CHK);
        return new NetlinkSocket(fd);
    }

    /// <summary>Sends <see cref="Request"/> and waits for its ack; returns 0 or an errno.</summary>
    public int Transact(out string? kernelMessage)
    {
        var ignore = default(IgnoreResponses);
        return Transact(ref ignore, out kernelMessage);
    }

    /// <summary>
    /// Sends <see cref="Request"/> and hands every data message of the answer to <paramref name="handler"/>.
    /// A request with NLM_F_DUMP ends at NLMSG_DONE, anything else at its ack (the request must carry
    /// NLM_F_ACK). Returns 0 or an errno, with the kernel's extended-ack text when it gave one.
    /// </summary>
    public int Transact<THandler>(ref THandler handler, out string? kernelMessage)
        where THandler : struct, INetlinkResponseHandler
    {
        ObjectDisposedException.ThrowIf(_fd < 0, this);
        for (var attempt = 1; ; attempt++)
        {
            var result = TransactOnce(ref handler, out kernelMessage, out var interrupted);
            if (result != 0 || !interrupted)
            {
                return result;
            }

            // The link/address/route set changed while the kernel was dumping it, so the listing may
            // be inconsistent: start over, as iproute2 and vishvananda/netlink do.
            if (attempt == MaxDumpAttempts)
            {
                kernelMessage = "dump kept being interrupted by concurrent changes";
                return Errno.EAGAIN;
            }

            handler.Reset();
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Interop.Close(fd);
        }
    }

    private int TransactOnce<THandler>(ref THandler handler, out string? kernelMessage, out bool interrupted)
        where THandler : struct, INetlinkResponseHandler
    {
        kernelMessage = null;
        interrupted = false;
        var sequence = ++_sequence;
        var request = Request.Finish(sequence);
        var isDump = (MemoryMarshal.Read<NlMsgHdr>(request).nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;

        var sendError = TimedSend(request);
        if (sendError != 0)
        {
            return sendError;
        }

        while (true)
        {
            var received = TimedReceive(out var receiveError);
            if (receiveError != 0)
            {
                return receiveError;
            }

            var reader = new NetlinkMessageReader(_receiveBuffer.AsSpan(0, received));
            while (reader.TryRead(out var message))
            {
                if (message.Sequence != sequence)
                {
                    continue;
                }

                if ((message.Flags & NLM_F_DUMP_INTR) != 0)
                {
                    interrupted = true;
                }

                switch (message.Type)
                {
                    case NLMSG_ERROR:
                        // error 0 is the ack; anything else is -errno. For a dump an error here means the
                        // kernel refused to start it.
                        return ParseError(in message, out kernelMessage);
                    case NLMSG_DONE when isDump:
                        // A dump that failed midway reports -errno in the DONE payload.
                        return ParseError(in message, out kernelMessage);
                    case NLMSG_NOOP:
                        continue;
                    case NLMSG_OVERRUN:
                        return Errno.ENOBUFS;
                    default:
                        handler.OnMessage(in message);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Reads the int error of an NLMSG_ERROR / NLMSG_DONE payload and, when NLM_F_ACK_TLVS is set, the
    /// NLMSGERR_ATTR_MSG text among the TLVs. In NLMSG_ERROR those follow the echoed request: just its
    /// nlmsghdr when NLM_F_CAPPED is set, the whole request otherwise.
    /// </summary>
    private static int ParseError(in NetlinkMessage message, out string? kernelMessage)
    {
        kernelMessage = null;
        var payload = message.Payload;
        if (payload.Length < sizeof(int))
        {
            return 0;
        }

        var error = MemoryMarshal.Read<int>(payload);
        if ((message.Flags & NLM_F_ACK_TLVS) != 0)
        {
            var tlvOffset = sizeof(int);
            if (message.Type == NLMSG_ERROR && payload.Length >= sizeof(int) + NLMSG_HDRLEN)
            {
                var echoed = MemoryMarshal.Read<NlMsgHdr>(payload[sizeof(int)..]);
                tlvOffset += (message.Flags & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN : Align((int)echoed.nlmsg_len);
            }

            if (tlvOffset < payload.Length)
            {
                var attributes = new RtAttributeReader(payload[tlvOffset..]);
                while (attributes.TryRead(out var attribute))
                {
                    if (attribute.Type == NLMSGERR_ATTR_MSG)
                    {
                        kernelMessage = attribute.GetString();
                        break;
                    }
                }
            }
        }

        return error < 0 ? -error : 0;
    }

    private unsafe int Send(ReadOnlySpan<byte> message)
    {
        fixed (byte* pointer = message)
        {
            while (true)
            {
                var sent = Interop.Send(_fd, pointer, message.Length, 0);
                if (sent >= 0)
                {
                    // A netlink datagram goes out whole or not at all.
                    return 0;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    return errno;
                }
            }
        }
    }

    /// <summary>
    /// Receives one datagram. It is first peeked with MSG_TRUNC, which reports its full size, so the buffer
    /// can grow before the real read instead of silently losing the tail of a big dump datagram.
    /// </summary>
    private unsafe int Receive(out int errno)
    {
        while (true)
        {
            nint length;
            fixed (byte* pointer = _receiveBuffer)
            {
                length = Interop.Recv(_fd, pointer, _receiveBuffer.Length, Interop.MSG_PEEK | Interop.MSG_TRUNC);
            }

            if (length < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                return 0;
            }

            if (length > _receiveBuffer.Length)
            {
                _receiveBuffer = new byte[NetlinkConstants.Align((int)length)];
            }

            fixed (byte* pointer = _receiveBuffer)
            {
                length = Interop.Recv(_fd, pointer, _receiveBuffer.Length, 0);
            }

            if (length < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                return 0;
            }

            errno = 0;
            return (int)length;
        }
    }

    private static void SetOption(int fd, int option)
    {
        var enabled = 1;
        _ = Interop.SetSockOpt(fd, Interop.SOL_NETLINK, option, in enabled, sizeof(int));
    }
}
