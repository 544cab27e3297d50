namespace HumanzCni.ClusterBench;

/// <summary>For one cluster size: each repetition's time from the joining agent's start to its route on every other node.</summary>
internal sealed record PropagationMeasurement(int Nodes, IReadOnlyList<TimeSpan> Samples)
{
    public TimeSpan Median
    {
        get
        {
            var sorted = Samples.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }

    public TimeSpan Min => Samples.Min();

    public TimeSpan Max => Samples.Max();
}
