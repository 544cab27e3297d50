using System.Diagnostics;

namespace HumanzCni.Netlink;

/// <summary>Send and receive as every transact calls them: timed into <see cref="NetlinkKernelTime"/>.</summary>
internal sealed partial class NetlinkSocket
{
    private int TimedSend(ReadOnlySpan<byte> message)
    {
        var start = Stopwatch.GetTimestamp();
        var errno = Send(message);
        NetlinkKernelTime.AddSince(start);
        return errno;
    }

    private int TimedReceive(out int errno)
    {
        var start = Stopwatch.GetTimestamp();
        var length = Receive(out errno);
        NetlinkKernelTime.AddSince(start);
        return length;
    }
}
