using System.Net;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Subnets;

/// <summary>What leasing a node's subnet in etcd logs (event ids 3100-3199).</summary>
internal static partial class SubnetLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "leased subnet {Subnet} for node {Node} ({Address}), lease {Lease:x} with TTL {Ttl}s")]
    public static partial void LogSubnetLeased(this ILogger logger, IPNetwork subnet, string node, IPAddress address, long lease, int ttl);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "subnet {Subnet} was taken by another node meanwhile")]
    public static partial void LogSubnetTakenMeanwhile(this ILogger logger, IPNetwork subnet);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "node {Node} moved from {Old} to {New}: lease of {Subnet} updated")]
    public static partial void LogNodeMoved(this ILogger logger, string node, string old, string @new, string subnet);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "resumed subnet {Subnet} for node {Node}: lease {Lease:x} still alive")]
    public static partial void LogSubnetResumed(this ILogger logger, string subnet, string node, long lease);
}
