using System.Net;
using HumanzCni.Agent.Routes;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>What the agent's modes and loops log (event ids 3000-3099): start, stop, leases kept, the etcd watch, reconcile passes.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "node {Node} ({Address}) joining cluster range {Range} in /{Size}s via etcd {Etcd}")]
    public static partial void LogJoiningRange(this ILogger logger, string node, IPAddress address, IPNetwork range, int size, string etcd);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "node {Node} with subnet {Subnet} from static cluster file {Path} ({Count} nodes)")]
    public static partial void LogStaticClusterLoaded(this ILogger logger, string node, string subnet, string path, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "keeping the last good cluster: {Reason}")]
    public static partial void LogKeepingLastGoodCluster(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "agent stopped: {Reason}")]
    public static partial void LogAgentFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "agent stopped")]
    public static partial void LogAgentStopped(this ILogger logger);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "{Count} node leases in etcd at revision {Revision}; watching for changes")]
    public static partial void LogEtcdSnapshot(this ILogger logger, int count, long revision);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "etcd watch lost ({Reason}); keeping the current routes, retrying")]
    public static partial void LogEtcdWatchLost(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "lease {Lease:x} of subnet {Subnet} expired in etcd; acquiring a subnet again")]
    public static partial void LogLeaseExpired(this ILogger logger, long lease, string subnet);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "etcd unavailable for the subnet lease ({Reason}); retrying in {Delay}")]
    public static partial void LogLeaseStoreUnavailable(this ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "released subnet {Subnet} (lease {Lease:x} revoked)")]
    public static partial void LogSubnetReleased(this ILogger logger, string subnet, long lease);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Warning, Message = "could not release subnet {Subnet}: {Reason}; it expires with its lease")]
    public static partial void LogSubnetReleaseFailed(this ILogger logger, string subnet, string reason);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Error, Message = "cannot write the conflist {Path}: {Reason}")]
    public static partial void LogConflistWriteFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "wrote {Path} for subnet {Subnet} (MTU {Mtu})")]
    public static partial void LogConflistWritten(this ILogger logger, string path, string subnet, int mtu);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Error, Message = "cannot read the node's routes: {Reason}")]
    public static partial void LogRoutesUnreadable(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Information, Message = "routes reconciled: {Changes}")]
    public static partial void LogRoutesReconciled(this ILogger logger, RouteChanges changes);
}
