using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int O_RDONLY = 0x0;
    public const int O_WRONLY = 0x1;
    public const int O_RDWR = 0x2;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;

    // One open(2) per kind of handle: its type says how the descriptor is released and which calls take it.
    // Each returns an invalid handle (SafeHandle.IsInvalid) with errno set on failure.

    /// <summary>open(2) of a file to read or write.</summary>
    public static SafeFileDescriptorHandle Open(string path, int flags, int mode) =>
        SafeFileDescriptorHandle.Own<SafeFileDescriptorHandle>(OpenDescriptor(path, flags, mode));

    /// <summary>open(2) of a file to hold with flock(2).</summary>
    public static SafeLockFileHandle OpenLockFile(string path, int flags, int mode) =>
        SafeFileDescriptorHandle.Own<SafeLockFileHandle>(OpenDescriptor(path, flags, mode));

    /// <summary>open(2) of a namespace file, for setns(2).</summary>
    public static SafeNamespaceHandle OpenNamespace(string path, int flags, int mode) =>
        SafeFileDescriptorHandle.Own<SafeNamespaceHandle>(OpenDescriptor(path, flags, mode));

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenDescriptor(string path, int flags, int mode);
}
