using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.Addresses;

internal static partial class IpamLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "gc released {Address} of container {ContainerId} ifname {IfName}")]
    public static partial void LogReleasedLease(this ILogger logger, string address, string containerId, string? ifName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the node rebooted since the lease store was last used: released {Address} of container {ContainerId} ifname {IfName}, which died with the previous boot")]
    public static partial void LogReleasedAfterReboot(this ILogger logger, string address, string containerId, string? ifName);
}
