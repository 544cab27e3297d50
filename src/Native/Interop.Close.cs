using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>close(2).</summary>
    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
