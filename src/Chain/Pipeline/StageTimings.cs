using System.Diagnostics;
using System.Globalization;
using HumanzCni.Chain.Logging;
using HumanzCni.Netlink;

namespace HumanzCni.Chain.Pipeline;

/// <summary>How long each stage of one call took, and how much of it went on waiting for the kernel in netlink calls, for the call's log line.</summary>
internal sealed class StageTimings : ISpanFormattable
{
    private readonly List<(string Stage, TimeSpan Elapsed, TimeSpan Kernel)> _entries = [];

    /// <summary>Each stage's time and the part of it spent in netlink send and receive calls (<see cref="NetlinkKernelTime"/>), in the order they ran.</summary>
    public IReadOnlyList<(string Stage, TimeSpan Elapsed, TimeSpan Kernel)> Entries => _entries;

    /// <summary>
    /// Where a stage starts: now, and the calling thread's netlink kernel time so far (with what it runs in a pod's
    /// namespace; not what it hands to other threads). Pass it to <see cref="Record"/> on the same thread when the stage ends.
    /// </summary>
    public static StageStart Start() => new(Stopwatch.GetTimestamp(), NetlinkKernelTime.Ticks);

    /// <summary>Records <paramref name="stage"/> as having run since <paramref name="start"/>.</summary>
    public void Record(string stage, StageStart start) =>
        _entries.Add((stage, Stopwatch.GetElapsedTime(start.Timestamp), Stopwatch.GetElapsedTime(0, NetlinkKernelTime.Ticks - start.KernelTicks)));

    /// <summary>"parse=0.05ms ipam=0.31ms veth=1.1ms(kernel=0.62ms) ...": a stage that made netlink calls says how long the kernel took.</summary>
    public override string ToString() => $"{this}";

    /// <inheritdoc cref="ToString()"/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>
    /// Writes <see cref="ToString()"/>'s text into <paramref name="destination"/>: the call's log line formats it in place,
    /// without a string of its own.
    /// </summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        foreach (var (stage, elapsed, kernel) in _entries)
        {
            var rest = destination[charsWritten..];
            var separator = charsWritten > 0 ? " " : "";
            var fits = kernel > TimeSpan.Zero
                ? rest.TryWrite(CultureInfo.InvariantCulture, $"{separator}{stage}={new LoggedMilliseconds(elapsed)}ms(kernel={new LoggedMilliseconds(kernel)}ms)", out var written)
                : rest.TryWrite(CultureInfo.InvariantCulture, $"{separator}{stage}={new LoggedMilliseconds(elapsed)}ms", out written);
            if (!fits)
            {
                charsWritten = 0;
                return false;
            }

            charsWritten += written;
        }

        return true;
    }
}
