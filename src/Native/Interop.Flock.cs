using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int LOCK_UN = 8;

    /// <summary>flock(2): an advisory lock (blocking unless LOCK_NB), released when the descriptor closes.</summary>
    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(SafeFileDescriptorHandle fd, int operation);

    /// <summary>flock(2) on a descriptor being released (<see cref="SafeLockFileHandle"/>), which no SafeHandle may be passed for any more.</summary>
    [LibraryImport(Libc, EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(nint fd, int operation);
}
