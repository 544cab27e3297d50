using System.Net;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// One leased address and the attachment holding it. <see cref="IfName"/> is null for files
/// written by old host-local versions, which recorded only the container id.
/// </summary>
internal sealed record Lease(IPAddress Address, string ContainerId, string? IfName)
{
    /// <summary>Whether the lease belongs to the attachment; an old lease without an interface name matches any.</summary>
    public bool BelongsTo(string containerId, string ifName) =>
        ContainerId == containerId && (IfName is null || IfName == ifName);
}
