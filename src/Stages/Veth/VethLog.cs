using Microsoft.Extensions.Logging;

namespace HumanzCni.Stages.Veth;

internal static partial class VethLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "host veth {Name} is a port of another bridge (ifindex {MasterIndex}): it belongs to another network and is left alone")]
    public static partial void LogForeignVethKept(this ILogger logger, string name, int masterIndex);
}
