using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int O_DIRECTORY = 0x10000;

    /// <summary>
    /// getdents64(2) (glibc exports it since 2.30): as many struct linux_dirent64 records of the open directory as
    /// fit, their bytes used, 0 at the end, or -1 with errno set. Unlike readdir(3) it hands over each entry's inode.
    /// </summary>
    [LibraryImport(Libc, EntryPoint = "getdents64", SetLastError = true)]
    public static unsafe partial nint Getdents64(SafeFileDescriptorHandle directory, byte* buffer, nuint length);
}
