using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>In a <see cref="Timespec"/> given to <see cref="Utimensat"/>: leave this time as it is.</summary>
    public const long UTIME_OMIT = (1L << 30) - 2;

    /// <summary>utimensat(2): sets a file's access and modification times (times[0], times[1]).</summary>
    [LibraryImport(Libc, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int Utimensat(int directory, string path, Timespec* times, int flags);

    /// <summary>struct timespec on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
