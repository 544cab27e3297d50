using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Cluster;

/// <summary>
/// What every mode logs about the cluster's node records, whichever store they came from (event ids 3700-3799).
/// </summary>
internal static partial class ClusterLog
{
    /// <summary>A record left out (no address of its family, an overlapping subnet, ...); the text names the node and why.</summary>
    [LoggerMessage(EventId = 3700, Level = LogLevel.Warning, Message = "{Warning}")]
    public static partial void LogRecordLeftOut(this ILogger logger, string warning);

    [LoggerMessage(EventId = 3701, Level = LogLevel.Warning, Message = "ignoring node record: {Reason}")]
    public static partial void LogIgnoringNodeRecord(this ILogger logger, string reason);
}
