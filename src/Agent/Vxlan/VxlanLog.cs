using System.Net;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Vxlan;

/// <summary>What the VXLAN overlay's device and per-peer entries log (event ids 3300-3399).</summary>
internal static partial class VxlanLog
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "VXLAN: no underlay interface {Interface} in this network namespace")]
    public static partial void LogNoUnderlayInterface(this ILogger logger, string @interface);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "VXLAN: {Device} is {Current}, wanted {Wanted}: recreating it")]
    public static partial void LogRecreatingDevice(this ILogger logger, string device, VxlanAttributes current, VxlanAttributes wanted);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "VXLAN: {Device} is of kind {Kind}, wanted {Wanted}: recreating it")]
    public static partial void LogReplacingDeviceOfOtherKind(this ILogger logger, string device, string kind, VxlanAttributes wanted);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "node {Node} has no {Family} underlay address, which this node's VXLAN device uses: its subnet {Subnet} is not routed")]
    public static partial void LogPeerWithoutUnderlay(this ILogger logger, string node, string family, IPNetwork subnet);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "two nodes claim {Subnet}; sending it to {Node}, ignoring node {Other}")]
    public static partial void LogSubnetClaimedTwice(this ILogger logger, IPNetwork subnet, string node, string other);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Warning, Message = "a route to {Subnet} not made by the agent exists: left alone, not routing it to {Node}")]
    public static partial void LogForeignRouteKept(this ILogger logger, IPNetwork subnet, string node);

    [LoggerMessage(EventId = 3306, Level = LogLevel.Information, Message = "VXLAN: {Change}")]
    public static partial void LogEntryChanged(this ILogger logger, string change);

    [LoggerMessage(EventId = 3307, Level = LogLevel.Warning, Message = "VXLAN: {Change} failed: {Reason}")]
    public static partial void LogEntryChangeFailed(this ILogger logger, string change, string reason);
}
