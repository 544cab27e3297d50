using HumanzCni.Netlink;
using HumanzCni.Native;

namespace HumanzCni.Stages.Kernel;

/// <summary>Small predicates for the errno values that mean "already so" during idempotent work.</summary>
internal static class NetlinkErrors
{
    public static bool IsAlreadyExists(this NetlinkException e) => e.Errno == Errno.EEXIST;

    /// <summary>The thing to remove is already gone (no such device, address or route).</summary>
    public static bool IsAlreadyGone(this NetlinkException e) =>
        e.Errno is Errno.ENODEV or Errno.ENOENT or Errno.EADDRNOTAVAIL or Errno.ESRCH;
}
