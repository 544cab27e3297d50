namespace HumanzCni.ClusterBench;

/// <summary>
/// One backend's scale run: per repetition, the time until all peers were installed and until the leavers were
/// removed, the agent's CPU time during each, and its peak RSS at the end.
/// </summary>
internal sealed record ScaleMeasurement(
    string Backend,
    int Peers,
    int Leaving,
    IReadOnlyList<TimeSpan> Converge,
    IReadOnlyList<TimeSpan> Remove,
    IReadOnlyList<TimeSpan> ConvergeCpu,
    IReadOnlyList<TimeSpan> RemoveCpu,
    long PeakRssKib,
    long IdleRssKib);
