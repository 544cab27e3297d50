using HumanzCni.Chain.Logging;
using HumanzCni.Chain.Pipeline;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Chain.Hosting;

/// <summary>
/// The one line each plugin call logs (event ids 1000-1009). bench/lib.sh and the tests parse these lines:
/// "VERB container=... ifname=... netns=... ok|failed ... TOTALms [stage=ms ...]" must keep its shape.
/// They log to the <see cref="FileLogger"/> by its own type, and <see cref="LogCallSucceeded"/> takes its last two
/// arguments out of the message's order on purpose: the generator then writes a state struct of its own and calls
/// <see cref="FileLogger.Log{TState}"/> directly, instead of a LoggerMessage.Define delegate, which parses the message at
/// start-up and calls ILogger.Log, a generic virtual call the type loader resolves on first use (~30 us of every call).
/// </summary>
internal static partial class PluginHostLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "{Verb} container={ContainerId} ifname={IfName} netns={Netns} ok {TotalMs}ms [{Timings}]")]
    public static partial void LogCallSucceeded(this FileLogger logger, string verb, string containerId, string ifName, string netns, StageTimings timings, LoggedMilliseconds totalMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "{Verb} container={ContainerId} ifname={IfName} netns={Netns} failed code={Code} {TotalMs}ms [{Timings}]: {Message}")]
    public static partial void LogCallFailed(this FileLogger logger, Exception? exception, string verb, string containerId, string ifName, string netns, int code, LoggedMilliseconds totalMs, StageTimings timings, string message);
}
