using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int MSG_TRUNC = 0x20;

    /// <summary>recvfrom(2) on a netlink socket: returns bytes received or -1 with errno set, and who sent them.</summary>
    [LibraryImport(Libc, EntryPoint = "recvfrom", SetLastError = true)]
    public static unsafe partial nint RecvFrom(SafeNetlinkSocketHandle socket, byte* buffer, nint length, int flags, out SockaddrNl source, ref int sourceLength);
}
