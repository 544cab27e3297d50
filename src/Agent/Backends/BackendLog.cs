using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Backends;

/// <summary>What the peer backends log around their devices (event ids 3400-3499).</summary>
internal static partial class BackendLog
{
    [LoggerMessage(EventId = 3400, Level = LogLevel.Error, Message = "VXLAN: {Problem}")]
    public static partial void LogVxlanUnavailable(this ILogger logger, string? problem);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Error, Message = "VXLAN: cannot set up {Device}: {Reason}{Hint}")]
    public static partial void LogVxlanSetupFailed(this ILogger logger, string device, string reason, string hint);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "VXLAN: the pods' MTU stays the --mtu default: {Problem}")]
    public static partial void LogPodMtuUnknown(this ILogger logger, string? problem);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Information, Message = "deleted {Device} ({Vxlan}) and its routes, neighbours and FDB entries: left by an earlier run, not used by this backend")]
    public static partial void LogLeftoverDeviceDeleted(this ILogger logger, string device, VxlanAttributes? vxlan);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Warning, Message = "cannot delete the leftover {Device}: {Reason}")]
    public static partial void LogLeftoverDeviceKept(this ILogger logger, string device, string reason);
}
