using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;

    /// <summary>socket(2) of the AF_NETLINK family (the only sockets opened here): an invalid handle with errno set on failure.</summary>
    public static SafeNetlinkSocketHandle Socket(int domain, int type, int protocol) =>
        SafeFileDescriptorHandle.Own<SafeNetlinkSocketHandle>(SocketDescriptor(domain, type, protocol));

    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    private static partial int SocketDescriptor(int domain, int type, int protocol);
}
