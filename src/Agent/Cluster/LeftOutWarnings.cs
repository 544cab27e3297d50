using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Cluster;

/// <summary>
/// The records a source left out (static file, Kubernetes Nodes), logged each when it appears, not again at every
/// re-read while it holds.
/// </summary>
internal sealed class LeftOutWarnings(ILogger logger)
{
    private HashSet<string> _reported = [];

    public void Report(IReadOnlyList<string> warnings)
    {
        foreach (var warning in warnings.Where(w => !_reported.Contains(w)))
        {
            logger.LogRecordLeftOut(warning);
        }

        _reported = [.. warnings];
    }
}
