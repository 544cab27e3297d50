using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    // One open(2) per kind of handle: its type says how the descriptor is released and which calls take it.
    // Each returns an invalid handle (SafeHandle.IsInvalid) with errno set on failure.
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;

    /// <summary>open(2) of a file to read or write.</summary>
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial SafeFileDescriptorHandle Open(string path, int flags, int mode);

    /// <summary>open(2) of a file to hold with flock(2).</summary>
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial SafeLockFileHandle OpenLockFile(string path, int flags, int mode);

    /// <summary>open(2) of a namespace file, for setns(2).</summary>
    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial SafeNamespaceHandle OpenNamespace(string path, int flags, int mode);
}
