using HumanzCni.Chain.Pipeline;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Chain.Hosting;

/// <summary>
/// The one line each plugin call logs (event ids 1000-1009). bench/lib.sh and the tests parse these lines:
/// "VERB container=... ifname=... netns=... ok|failed ... TOTALms [stage=ms ...]" must keep its shape.
/// </summary>
internal static partial class PluginHostLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "{Verb} container={ContainerId} ifname={IfName} netns={Netns} ok {TotalMs:0.###}ms [{Timings}]")]
    public static partial void LogCallSucceeded(this ILogger logger, string verb, string containerId, string ifName, string netns, double totalMs, StageTimings timings);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "{Verb} container={ContainerId} ifname={IfName} netns={Netns} failed code={Code} {TotalMs:0.###}ms [{Timings}]: {Message}")]
    public static partial void LogCallFailed(this ILogger logger, Exception? exception, string verb, string containerId, string ifName, string netns, int code, double totalMs, StageTimings timings, string message);
}
