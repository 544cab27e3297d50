using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>setsockopt(2) with an int option value.</summary>
    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(SafeNetlinkSocketHandle socket, int level, int name, in int value, int valueLength);
}
