using HumanzCni.Native;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// Whether a lease directory's index names (<see cref="LeaseIndexName"/>) are complete: every lease has one. The mark
/// is the directory's modification time with a nanosecond value no clock writes by chance (one in a billion), set
/// (utimensat) when a holder of the lock leaves the index complete. Any change to the directory's entries by anyone
/// (a lease created or deleted by host-local or an older version, or by this one killed half-way) sets the time to
/// the clock's and so breaks the mark, without any writer knowing of it; the next holder then reads every lease once
/// and repairs the index. A file system that keeps no nanoseconds never holds the mark: every look reads every lease,
/// as before the index existed.
/// </summary>
internal static class IndexSeal
{
    private const long MarkNanoseconds = 314_159_265;

    public static bool IsSealed(string directory) =>
        Interop.Stat(directory, out var status) == 0 && status.ModifiedNanoseconds == MarkNanoseconds;

    /// <summary>Marks the index complete; a refusal (read-only, not the owner) leaves it unmarked, which is only slower.</summary>
    public static unsafe void Seal(string directory)
    {
        var times = stackalloc Interop.Timespec[2];
        times[0] = new Interop.Timespec { Seconds = 0, Nanoseconds = Interop.UTIME_OMIT };
        times[1] = new Interop.Timespec { Seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Nanoseconds = MarkNanoseconds };
        _ = Interop.Utimensat(Interop.AT_FDCWD, directory, times, 0);
    }
}
