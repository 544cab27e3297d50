using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>send(2): returns bytes sent or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(int fd, byte* buffer, nint length, int flags);
}
