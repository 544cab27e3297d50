using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int SOL_SOCKET = 1;
    public const int SO_SNDBUF = 7;
    public const int SO_RCVBUF = 8;
    public const int SOL_NETLINK = 270;
    public const int NETLINK_EXT_ACK = 11;
    public const int NETLINK_GET_STRICT_CHK = 12;

    /// <summary>setsockopt(2) with an int option value.</summary>
    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, in int value, int valueLength);
}
