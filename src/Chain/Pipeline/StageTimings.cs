using System.Diagnostics;
using System.Text;

namespace HumanzCni.Chain.Pipeline;

/// <summary>How long each stage of one call took, for the call's log line.</summary>
public sealed class StageTimings
{
    private readonly List<(string Stage, TimeSpan Elapsed)> _entries = [];

    public void Record(string stage, long startTimestamp) =>
        _entries.Add((stage, Stopwatch.GetElapsedTime(startTimestamp)));

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
