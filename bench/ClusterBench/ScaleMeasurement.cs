namespace HumanzCni.ClusterBench;

/// <summary>
/// One backend's scale run: per repetition, the time until all peers were installed and until the leavers were
/// removed (and how much of the first was the bench's own etcd transactions), the agent's CPU time during each, its
/// peak RSS, and strace's count of its writes and reads over one more join and leave.
/// </summary>
internal sealed record ScaleMeasurement(
    string Backend,
    int Peers,
    int Leaving,
    IReadOnlyList<TimeSpan> EtcdWrites,
    IReadOnlyList<TimeSpan> Converge,
    IReadOnlyList<TimeSpan> Remove,
    IReadOnlyList<TimeSpan> ConvergeCpu,
    IReadOnlyList<TimeSpan> RemoveCpu,
    long PeakRssKib,
    long IdleRssKib,
    string SyscallCounts);
