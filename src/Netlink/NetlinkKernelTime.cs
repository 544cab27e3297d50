using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace HumanzCni.Netlink;

/// <summary>
/// How long the calling thread has spent inside the send and receive calls of netlink sockets: the time the kernel
/// took to carry out its requests and hand over their answers. The work a thread runs inside another namespace with
/// <see cref="NetworkNamespace.Run{T}"/> counts as its own (the worker adds to the total of the thread waiting for
/// it), so a piece of work is timed by the difference of two readings on the thread that runs it, whatever other
/// threads of the process do meanwhile. Opening and closing a socket are not counted.
/// </summary>
/// <remarks>Each call adds two clock reads and a thread-local add to a syscall, and allocates nothing (one box per thread).</remarks>
internal static class NetlinkKernelTime
{
    [ThreadStatic]
    private static StrongBox<long>? t_total;

    /// <summary>The calling thread's total so far, in <see cref="Stopwatch"/> ticks (<see cref="Stopwatch.Frequency"/> per second).</summary>
    public static long Ticks => t_total?.Value ?? 0;

    /// <summary>The calling thread's total, which a namespace worker takes over while that thread waits for it.</summary>
    internal static StrongBox<long> ThreadTotal
    {
        get => t_total ??= new StrongBox<long>();
        set => t_total = value;
    }

    /// <summary>Counts the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) until now.</summary>
    internal static void AddSince(long startTimestamp) => ThreadTotal.Value += Stopwatch.GetTimestamp() - startTimestamp;
}
