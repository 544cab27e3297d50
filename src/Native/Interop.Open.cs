using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;

    /// <summary>open(2): returns a file descriptor or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);
}
