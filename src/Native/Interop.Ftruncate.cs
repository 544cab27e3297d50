using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>ftruncate(2): cuts (or extends) an open file to <paramref name="length"/> bytes.</summary>
    [LibraryImport(Libc, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(SafeFileDescriptorHandle fd, long length);
}
