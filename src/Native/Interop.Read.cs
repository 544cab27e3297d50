using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>read(2): bytes read, 0 at the end of the file, or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(SafeFileDescriptorHandle fd, byte* buffer, nint length);
}
