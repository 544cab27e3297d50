using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HumanzCni.Native;
using HumanzCni.Native.SafeHandles;
using static HumanzCni.Netlink.NetlinkConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// A netlink socket (NETLINK_ROUTE, or NETLINK_NETFILTER for conntrack) speaking request/response: stamp a sequence number on the message in
/// <see cref="Request"/>, send it, then read datagrams until the matching ack, error or NLMSG_DONE. Only the
/// kernel's replies to this socket count: a datagram another process sent to its port id, or a message addressed
/// to another port or carrying another sequence number, is skipped.
/// Failures come back as an errno plus the kernel's extended-ack text rather than as exceptions, so the
/// typed layer above decides what an errno means (ENODEV on a lookup is "not found", not a failure) and
/// only formats an `ip`-style description when there really is an error.
/// </summary>
internal sealed partial class NetlinkSocket : IDisposable
{
    /// <summary>
    /// Big enough for a whole dump datagram (the kernel fills up to 32 KiB per recv); grown on demand. Allocated without
    /// zeroing: only the bytes the kernel wrote are ever read, and an ack of a few dozen bytes should not make the
    /// process zero (and so fault in) 8 fresh pages of memory.
    /// </summary>
    private const int InitialReceiveBufferSize = 32 * 1024;

    /// <summary>How often an interrupted (NLM_F_DUMP_INTR) dump is restarted before giving up with EAGAIN.</summary>
    private const int MaxDumpAttempts = 5;

    private readonly SafeNetlinkSocketHandle _socket;

    /// <summary>The port id the kernel gave this socket at bind, which it puts in nlmsg_pid of every reply to it.</summary>
    private readonly uint _portId;

    /// <summary>
    /// The receive buffer of the calling thread's sockets. A thread waits for one answer at a time, and no handler of an
    /// answer sends a request of its own, so the sockets a thread uses share one buffer: a call that opens three sockets
    /// allocates 32 KiB (and grows the GC heap by it) once instead of three times.
    /// </summary>
    [ThreadStatic]
    private static byte[]? t_receiveBuffer;

    private uint _sequence;

    /// <summary>A buffer of this socket's own, only when it was opened with a size of its own (tests: answers cut short).</summary>
    private byte[]? _ownReceiveBuffer;

    private NetlinkSocket(SafeNetlinkSocketHandle socket, uint portId, int receiveBufferSize)
    {
        _socket = socket;
        _portId = portId;
        if (receiveBufferSize != InitialReceiveBufferSize)
        {
            _ownReceiveBuffer = GC.AllocateUninitializedArray<byte>(receiveBufferSize);
        }

        // Any start works: the socket has its own port id, the sequence only has to tell this
        // request's replies from leftovers of an earlier one abandoned half-read.
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>The message the next <see cref="Transact{THandler}"/> sends. Reused across requests.</summary>
    public NetlinkMessageBuilder Request { get; } = new();

    /// <summary>
    /// The size of a netlink socket address, known to the compiler: Marshal.SizeOf looks the struct's marshalling data up at
    /// run time (a first call cost 14,000 instructions of every plugin call), for a struct that is blittable anyway.
    /// </summary>
    private static int AddressLength => Unsafe.SizeOf<Interop.SockaddrNl>();

    /// <summary>Where answers are received: this socket's own buffer, or else the calling thread's.</summary>
    private byte[] ReceiveBuffer => _ownReceiveBuffer ?? (t_receiveBuffer ??= GC.AllocateUninitializedArray<byte>(InitialReceiveBufferSize));

    /// <summary>Opens and binds a socket of the netlink <paramref name="protocol"/> in the calling thread's network namespace; errno on failure.</summary>
    /// <param name="protocol">NETLINK_ROUTE or NETLINK_NETFILTER.</param>
    /// <param name="receiveBufferSize">The receive buffer to start with; only tests make it smaller, to have answers cut short.</param>
    public static NetlinkSocket Open(int protocol = NETLINK_ROUTE, int receiveBufferSize = InitialReceiveBufferSize)
    {
        var socket = Interop.Socket(AF_NETLINK, Interop.SOCK_RAW | Interop.SOCK_CLOEXEC, protocol);
        if (socket.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            socket.Dispose();
            throw new NetlinkException($"socket(AF_NETLINK, {protocol})", errno, null);
        }

        try
        {
            // Port id 0: the kernel picks a unique one, so several sockets in one process never clash; getsockname
            // then tells which, for telling our replies from others.
            var address = new Interop.SockaddrNl { Family = AF_NETLINK };
            var addressLength = AddressLength;
            if (Interop.Bind(socket, in address, addressLength) < 0)
            {
                throw new NetlinkException("bind(AF_NETLINK)", Marshal.GetLastPInvokeError(), null);
            }

            if (Interop.GetSockName(socket, out address, ref addressLength) < 0)
            {
                throw new NetlinkException("getsockname(AF_NETLINK)", Marshal.GetLastPInvokeError(), null);
            }

            // Best effort: older kernels lack some of these, and the socket works without them, only with
            // terser errors (EXT_ACK), bigger error acks (CAP_ACK) or laxer request checking (GET_STRICT_CHK).
            SetOption(socket, NETLINK_EXT_ACK);
            SetOption(socket, NETLINK_CAP_ACK);
            SetOption(socket, NETLINK_GET_STRICT_CHK);
            return new NetlinkSocket(socket, address.Pid, receiveBufferSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
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
        ObjectDisposedException.ThrowIf(_socket.IsClosed, this);
        for (var attempt = 1; ; attempt++)
        {
            var result = TransactOnce(ref handler, out kernelMessage, out var interrupted);
            if (result != 0 || !interrupted)
            {
                return result;
            }

            // The link/address/route set changed while the kernel was dumping it, so the listing may
            // be inconsistent: start over, as iproute2 and vishvananda/netlink do. (Or the answer outgrew the
            // receive buffer, which has grown since: ask again.)
            if (attempt == MaxDumpAttempts)
            {
                kernelMessage = "dump kept being interrupted by concurrent changes";
                return Errno.EAGAIN;
            }

            handler.Reset();
        }
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>
    /// Whether <paramref name="message"/> is addressed to this socket: the kernel stamps every reply with the port
    /// id of the socket that asked (0 only on what it sends of its own accord, never a reply to another socket).
    /// </summary>
    internal static bool IsAddressedTo(in NetlinkMessage message, uint portId) =>
        message.PortId == portId || message.PortId == KernelPortId;

    /// <summary>
    /// Whether <paramref name="message"/> is the kernel's ack or error for one of the <paramref name="count"/> messages
    /// numbered from <paramref name="first"/> on that this socket sent in one datagram (a batch or several requests).
    /// </summary>
    private bool IsAckOfOneOf(in NetlinkMessage message, uint first, int count) =>
        message.Type == NLMSG_ERROR && message.Sequence - first < (uint)count && IsAddressedTo(in message, _portId);

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

            if (received > ReceiveBuffer.Length)
            {
                var head = GrowForTruncated(received);
                if (head.nlmsg_seq != sequence)
                {
                    continue; // a leftover of an earlier request, skipped as ReadReplies skips those
                }

                if (isDump || head.nlmsg_type == NLMSG_ERROR)
                {
                    // Lost for good: a dump's datagram may have carried its NLMSG_DONE, and an ack is the answer itself.
                    kernelMessage = $"a netlink answer of {received} bytes was cut short";
                    return Errno.EMSGSIZE;
                }

                // Data answering a single read, whose ack comes in a datagram of its own: read on to that ack, then
                // ask again (Transact), now with room for the whole answer.
                interrupted = true;
                continue;
            }

            var result = ReadReplies(ReceiveBuffer.AsSpan(0, received), _portId, sequence, isDump, ref handler, ref interrupted, out kernelMessage);
            if (result is { } errno)
            {
                return errno;
            }
        }
    }

    /// <summary>
    /// Reads one datagram of the answer to request <paramref name="sequence"/> of the socket with port id
    /// <paramref name="portId"/>, handing its data messages to <paramref name="handler"/> and skipping any message
    /// not addressed to that request. Returns 0 or the errno once the answer is complete, null while more is to come.
    /// </summary>
    internal static int? ReadReplies<THandler>(
        ReadOnlySpan<byte> datagram, uint portId, uint sequence, bool isDump, ref THandler handler, ref bool interrupted, out string? kernelMessage)
        where THandler : struct, INetlinkResponseHandler
    {
        kernelMessage = null;
        var reader = new NetlinkMessageReader(datagram);
        while (reader.TryRead(out var message))
        {
            if (message.Sequence != sequence || !IsAddressedTo(in message, portId))
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

        return null;
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
                var sent = Interop.Send(_socket, pointer, message.Length, 0);
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
    /// Receives one datagram from the kernel with one recvfrom(2) into the reused buffer. With MSG_TRUNC it returns the
    /// datagram's full length even when the buffer had room for less: the kernel then dropped the tail, and the length
    /// returned is larger than the buffer (see <see cref="GrowForTruncated"/>). The buffer is as large as the kernel
    /// fills a dump datagram (32 KiB), so that takes a single message bigger than that. A datagram from any other
    /// sender (any process may send to a port id) is dropped unread.
    /// </summary>
    private unsafe int Receive(out int errno)
    {
        while (true)
        {
            var sourceLength = AddressLength;
            Interop.SockaddrNl source;
            nint length;
            var buffer = ReceiveBuffer;
            fixed (byte* pointer = buffer)
            {
                length = Interop.RecvFrom(_socket, pointer, buffer.Length, Interop.MSG_TRUNC, out source, ref sourceLength);
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

            if (source.Pid != KernelPortId)
            {
                continue;
            }

            errno = 0;
            return (int)length;
        }
    }

    /// <summary>
    /// After a datagram of <paramref name="length"/> bytes came in truncated: grows the buffer to hold one that big from
    /// now on and returns the header of the first message, which tells whose answer was cut.
    /// </summary>
    private NlMsgHdr GrowForTruncated(int length)
    {
        var head = MemoryMarshal.Read<NlMsgHdr>(ReceiveBuffer);
        var grown = GC.AllocateUninitializedArray<byte>(NetlinkConstants.Align(length));
        if (_ownReceiveBuffer is null)
        {
            t_receiveBuffer = grown;
        }
        else
        {
            _ownReceiveBuffer = grown;
        }

        return head;
    }

    /// <summary>
    /// Receives the next datagram that may hold acks of the <paramref name="count"/> messages sent in one datagram from
    /// sequence <paramref name="first"/> on: returns its length, or 0 with the errno (and, for a cut one, the text).
    /// An ack echoes only its request's header (NETLINK_CAP_ACK) and fits; should one of ours be cut short all the
    /// same, it is lost: fail rather than wait for it forever. Anything else cut short is a leftover, skipped.
    /// </summary>
    private int ReceiveAcks(uint first, int count, out int errno, out string? cutShort)
    {
        cutShort = null;
        while (true)
        {
            var received = TimedReceive(out errno);
            if (errno != 0 || received <= ReceiveBuffer.Length)
            {
                return received;
            }

            if (GrowForTruncated(received).nlmsg_seq - first < (uint)count)
            {
                errno = Errno.EMSGSIZE;
                cutShort = $"a netlink answer of {received} bytes was cut short";
                return 0;
            }
        }
    }

    private static void SetOption(SafeNetlinkSocketHandle socket, int option)
    {
        var enabled = 1;
        _ = Interop.SetSockOpt(socket, SOL_NETLINK, option, in enabled, sizeof(int));
    }
}
