using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.Addresses;

internal static partial class IpamLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "gc released {Address} of container {ContainerId} ifname {IfName}")]
    public static partial void LogReleasedLease(this ILogger logger, string address, string containerId, string? ifName);
}
