using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>fstat(2): the status of an open file (glibc exports it as a symbol since 2.33).</summary>
    [LibraryImport(Libc, EntryPoint = "fstat", SetLastError = true)]
    public static partial int Fstat(SafeFileDescriptorHandle fd, out FileStatus status);

    /// <summary>stat(2): the status of the file a path names now.</summary>
    [LibraryImport(Libc, EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Stat(string path, out FileStatus status);
}
