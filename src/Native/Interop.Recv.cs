using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int MSG_PEEK = 0x2;
    public const int MSG_TRUNC = 0x20;

    /// <summary>recv(2): returns bytes received or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "recv", SetLastError = true)]
    public static unsafe partial nint Recv(int fd, byte* buffer, nint length, int flags);
}
