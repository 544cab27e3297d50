using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.Veth;

/// <summary>What the veth stage logs (event ids 2100-2199).</summary>
internal static partial class VethLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "host veth {Name} is a port of another bridge (ifindex {MasterIndex}): it belongs to another network and is left alone")]
    public static partial void LogForeignVethKept(this ILogger logger, string name, int masterIndex);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "replacing veth {HostVeth}, left by an ADD of container {ContainerId} ifname {IfName} that never completed")]
    public static partial void LogReplacingLeftover(this ILogger logger, string hostVeth, string containerId, string ifName);
}
