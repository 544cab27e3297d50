using System.Diagnostics;
using HumanzCni.Netlink;

namespace HumanzCni.Chain.Pipeline;

/// <summary>The clock (a <see cref="Stopwatch"/> timestamp) and the calling thread's netlink kernel time (<see cref="NetlinkKernelTime.Ticks"/>) when a stage started.</summary>
internal readonly record struct StageStart(long Timestamp, long KernelTicks);
