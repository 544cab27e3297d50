namespace HumanzCni.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket and the typed requests the plugin makes over it. The socket belongs to the
/// network namespace of the thread that opened it (see <see cref="NetworkNamespace.Run{T}"/>), and keeps
/// talking to that namespace from whatever thread uses it afterwards. Not thread-safe: one caller at a time.
/// Every method names its `ip` (or `tc`) equivalent. Failures throw <see cref="NetlinkException"/>.
/// </summary>
/// <remarks>
/// The requests live in partial files by object: RtNetlink.Links.cs, RtNetlink.Addresses.cs,
/// RtNetlink.Routes.cs, RtNetlink.Neighbours.cs, RtNetlink.Fdb.cs, RtNetlink.Qdiscs.cs, RtNetlink.Filters.cs; several
/// changes in one datagram: RtNetlink.Batch.cs and <see cref="RtNetlinkBatch"/>. Each one builds its message in the
/// socket's reusable request buffer, so a
/// request allocates nothing beyond its results; the `ip`/`tc`-style text for an exception is only
/// formatted once the kernel has actually refused.
/// </remarks>
public sealed partial class RtNetlink : IDisposable
{
    private readonly NetlinkSocket _socket;

    private RtNetlink(NetlinkSocket socket) => _socket = socket;

    /// <summary>
    /// lo's ifindex in every network namespace: the kernel registers lo first in each new namespace and insists that it
    /// gets index 1 (LOOPBACK_IFINDEX, checked in drivers/net/loopback.c), and lo can be neither deleted nor moved.
    /// </summary>
    public const int LoopbackIndex = 1;

    /// <summary>Opens a socket in the calling thread's network namespace.</summary>
    public static RtNetlink Open() => new(NetlinkSocket.Open());

    /// <summary>Opens a socket whose receive buffer starts at <paramref name="receiveBufferSize"/> bytes (tests: answers cut short).</summary>
    internal static RtNetlink Open(int receiveBufferSize) => new(NetlinkSocket.Open(receiveBufferSize: receiveBufferSize));

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    /// <summary>The socket's request buffer, for the partials to build in.</summary>
    private NetlinkMessageBuilder Request => _socket.Request;
}
