using System.Globalization;

namespace HumanzCni.ClusterBench;

/// <summary>One backend's iperf3 runs, in Mbit/s.</summary>
internal sealed record ThroughputMeasurement(string Backend, int Seconds, IReadOnlyList<double> Pod, IReadOnlyList<double> Node)
{
    public static string Mbit(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
