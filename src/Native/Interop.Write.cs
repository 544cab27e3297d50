using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>write(2): one call, so an O_APPEND write lands as one piece.</summary>
    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(SafeFileDescriptorHandle fd, byte* buffer, nint length);
}
