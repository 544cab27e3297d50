using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.PortMap;

/// <summary>What the port mapping stages log (event ids 2200-2299).</summary>
internal static partial class PortMapLog
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Debug, Message = "deleted {Count} conntrack entries of UDP host ports {Ports}")]
    public static partial void LogUdpConntrackFlushed(this ILogger logger, int count, string ports);
}
