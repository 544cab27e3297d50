namespace HumanzCni.ClusterBench;

/// <summary>The median of samples: the middle one, or the mean of the two middle ones.</summary>
internal static class Median
{
    public static double Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static TimeSpan Of(IEnumerable<TimeSpan> samples) => TimeSpan.FromTicks((long)Of(samples.Select(s => (double)s.Ticks)));
}
