using System.Diagnostics;
using System.Text;

namespace HumanzCni.Chain.Pipeline;

/// <summary>How long each stage of one call took, for the call's log line.</summary>
internal sealed class StageTimings
{
    private readonly List<(string Stage, TimeSpan Elapsed)> _entries = [];

    /// <summary>Records <paramref name="stage"/> as having run since <paramref name="startTimestamp"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public void Record(string stage, long startTimestamp) =>
        _entries.Add((stage, Stopwatch.GetElapsedTime(startTimestamp)));

    /// <summary>Each stage's time, in the order they ran.</summary>
    public IReadOnlyList<(string Stage, TimeSpan Elapsed)> Entries => _entries;

    /// <summary>"parse=0.05ms ipam=0.31ms ...".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (stage, elapsed) in _entries)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(stage).Append('=').Append(elapsed.TotalMilliseconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).Append("ms");
        }

        return text.ToString();
    }
}
