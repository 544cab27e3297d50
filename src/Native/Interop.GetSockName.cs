using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>getsockname(2) for a netlink socket: the port id the kernel gave it at bind.</summary>
    [LibraryImport(Libc, EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(SafeNetlinkSocketHandle socket, out SockaddrNl address, ref int addressLength);
}
