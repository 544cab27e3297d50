using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>send(2): returns bytes sent or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(SafeNetlinkSocketHandle socket, byte* buffer, nint length, int flags);
}
