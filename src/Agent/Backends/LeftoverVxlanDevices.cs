using HumanzCni.Agent.Routes;
using HumanzCni.Agent.Vxlan;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Backends;

/// <summary>
/// VXLAN devices of the agent (kind vxlan, named humanz.VNI) that the current backend does not use: left by a run
/// with --backend vxlan or another --vxlan-vni. Deleting the device takes its neighbours, FDB entries and every
/// route through it (the overlay's proto 0x69 routes) with it.
/// </summary>
internal static class LeftoverVxlanDevices
{
    /// <summary>Deletes every such device but <paramref name="keep"/> (null: all of them).</summary>
    public static void Remove(RtNetlink netlink, string? keep, RouteChanges changes, ILogger logger)
    {
        foreach (var link in netlink.ListLinks().Where(l => l.Kind == "vxlan" && l.Name.StartsWith(VxlanOptions.DevicePrefix, StringComparison.Ordinal) && l.Name != keep))
        {
            try
            {
                netlink.DeleteLink(link.Index);
                changes.Deleted++;
                logger.LogLeftoverDeviceDeleted(link.Name, link.Vxlan);
            }
            catch (NetlinkException e)
            {
                logger.LogLeftoverDeviceKept(link.Name, e.Message);
                changes.Failures.Add($"cannot delete the leftover {link.Name}: {e.Message}");
            }
        }
    }
}
