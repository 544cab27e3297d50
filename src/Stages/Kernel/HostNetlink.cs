using HumanzCni.Chain.Pipeline;
using HumanzCni.Netlink;

namespace HumanzCni.Stages.Kernel;

/// <summary>The node's (the plugin process's own namespace) netlink socket, opened once per call and shared by the stages.</summary>
internal sealed class HostNetlink(RtNetlink netlink) : IDisposable
{
    public RtNetlink Netlink { get; } = netlink;

    public void Dispose() => Netlink.Dispose();
}

internal static class HostNetlinkContextExtensions
{
    /// <summary>The shared host socket, opened on first use.</summary>
    public static RtNetlink HostNetlink(this StageContext context) =>
        context.GetOrAdd(static _ => new HostNetlink(RtNetlink.Open())).Netlink;
}
