using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.Veth;

internal static partial class VethLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "host veth {Name} is a port of another bridge (ifindex {MasterIndex}): it belongs to another network and is left alone")]
    public static partial void LogForeignVethKept(this ILogger logger, string name, int masterIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "replacing veth {HostVeth}, left by an ADD of container {ContainerId} ifname {IfName} that never completed")]
    public static partial void LogReplacingLeftover(this ILogger logger, string hostVeth, string containerId, string ifName);
}
