using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Kubernetes;

/// <summary>What the Kubernetes mode logs: the API server, the Nodes watch, this node's pod subnets (event ids 3500-3599).</summary>
internal static partial class KubernetesLog
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Information, Message = "node {Node} taking pod subnets from the Kubernetes API server {Host} ({Connection})")]
    public static partial void LogTakingSubnetsFromApiServer(this ILogger logger, string node, string host, string connection);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "{Count} nodes in the API server {Host} at resourceVersion {Version}; watching for changes")]
    public static partial void LogNodesListed(this ILogger logger, int count, string host, string version);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "resourceVersion {Version} is gone from the API server (410); listing the Nodes again")]
    public static partial void LogResourceVersionGone(this ILogger logger, string? version);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Information, Message = "resourceVersion {Version} is too old for the API server (410 Gone: {Message}); listing the Nodes again")]
    public static partial void LogResourceVersionTooOld(this ILogger logger, string version, string? message);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Information, Message = "the Nodes watch broke ({Reason}); resuming from resourceVersion {Version}")]
    public static partial void LogWatchBroke(this ILogger logger, string reason, string? version);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Warning, Message = "lost the API server {Host} ({Reason}); keeping the current routes, retrying")]
    public static partial void LogApiServerLost(this ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Warning, Message = "cannot reach the API server {Host} ({Reason}); waiting for it before touching any route, retrying")]
    public static partial void LogApiServerUnreachable(this ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Information, Message = "API server {Host} reachable again")]
    public static partial void LogApiServerReachable(this ILogger logger, string host);

    [LoggerMessage(EventId = 3508, Level = LogLevel.Debug, Message = "ignoring watch event {Type}")]
    public static partial void LogWatchEventIgnored(this ILogger logger, string type);

    [LoggerMessage(EventId = 3510, Level = LogLevel.Information, Message = "node {Node} has pod subnets {Subnets}; the conflist is rendered for them")]
    public static partial void LogOwnSubnets(this ILogger logger, string node, string subnets);

    [LoggerMessage(EventId = 3511, Level = LogLevel.Warning, Message = "node {Node} is not registered with the API server (no Node of that name); waiting for it to appear")]
    public static partial void LogNodeNotRegistered(this ILogger logger, string node);

    [LoggerMessage(EventId = 3512, Level = LogLevel.Warning, Message = "node {Node} was deleted from the API server; keeping its pod subnet and routes, waiting for it to come back")]
    public static partial void LogNodeDeleted(this ILogger logger, string node);

    [LoggerMessage(EventId = 3513, Level = LogLevel.Warning, Message = "node {Node} has no spec.podCIDRs yet (the controller manager assigns them with --allocate-node-cidrs); waiting")]
    public static partial void LogNoPodCidrs(this ILogger logger, string node);
}
