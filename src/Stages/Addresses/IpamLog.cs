using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.Addresses;

/// <summary>What the address stages log (event ids 2000-2099).</summary>
internal static partial class IpamLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "gc released {Address} of container {ContainerId} ifname {IfName}")]
    public static partial void LogReleasedLease(this ILogger logger, string address, string containerId, string? ifName);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "the node rebooted since the lease store was last used: released {Address} of container {ContainerId} ifname {IfName}, which died with the previous boot")]
    public static partial void LogReleasedAfterReboot(this ILogger logger, string address, string containerId, string? ifName);
}
