using System.Net;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Health;

/// <summary>What the health and metrics endpoint logs (event ids 3600-3699).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 3600, Level = LogLevel.Information, Message = "serving /healthz and /metrics on {Address}")]
    public static partial void LogServing(this ILogger logger, IPEndPoint address);
}
