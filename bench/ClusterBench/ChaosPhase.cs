using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>One phase of <see cref="AgentChaos"/>: what was done, how long until converged again, pings, and routes removed.</summary>
/// <param name="LostByPair">Pings lost per pair ("node1->node3"), only the pairs that lost any.</param>
/// <param name="ForbiddenRemovals">Routes removed that lead to a live node: each one is a failure.</param>
/// <param name="ExpectedRemovals">Routes to the node cut off past its TTL removed on the others, as they must be.</param>
/// <param name="Check">What the phase checked beyond routes ("FAIL: ..." when it failed), or null.</param>
internal sealed record ChaosPhase(
    string Name,
    TimeSpan Duration,
    long PingsSent,
    long PingsLost,
    IReadOnlyDictionary<string, long> LostByPair,
    IReadOnlyList<RouteRemoval> ForbiddenRemovals,
    int ExpectedRemovals,
    string? Check)
{
    public bool Passed => ForbiddenRemovals.Count == 0 && Check?.StartsWith("FAIL", StringComparison.Ordinal) != true;
}
