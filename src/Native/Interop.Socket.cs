using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;

    /// <summary>socket(2): returns a file descriptor or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);
}
