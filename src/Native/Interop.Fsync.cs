using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>fsync(2): flushes a file (or a directory's entries) to disk.</summary>
    [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);
}
