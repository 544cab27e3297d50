namespace HumanzCni.ClusterBench;

/// <summary>For one backend and cluster size: each repetition's time from the joining agent's start to its route on every other node.</summary>
internal sealed record PropagationMeasurement(string Backend, int Nodes, IReadOnlyList<TimeSpan> Samples)
{
    public TimeSpan Median => ClusterBench.Median.Of(Samples);

    public TimeSpan Min => Samples.Min();

    public TimeSpan Max => Samples.Max();
}
