using System.Net;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Routes;

/// <summary>What the host-gw backend's peer routes log (event ids 3200-3299).</summary>
internal static partial class RouteLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "a route to {Subnet} not made by the agent exists: left alone, not routing it via {Gateway}")]
    public static partial void LogForeignRouteKept(this ILogger logger, IPNetwork subnet, IPAddress gateway);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "two nodes claim {Subnet}; routing it via {Gateway}, ignoring node {Node}")]
    public static partial void LogSubnetClaimedTwice(this ILogger logger, IPNetwork subnet, IPAddress gateway, string node);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "route {Verb} {Subnet} via {Gateway}")]
    public static partial void LogRouteChanged(this ILogger logger, string verb, IPNetwork subnet, IPAddress? gateway);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "route {Verb} {Subnet} via {Gateway} failed: {Reason}")]
    public static partial void LogRouteChangeFailed(this ILogger logger, string verb, IPNetwork subnet, IPAddress? gateway, string reason);
}
