using System.Runtime.InteropServices;

namespace HumanzCni.Native;

/// <summary>
/// The fields of struct stat the project reads: which file (device and inode), its size and when its contents (for a
/// directory: its entries) last changed. Only those are declared: their offsets (0, 8, 48, 88) are the same in the x86_64 and the generic 64-bit (aarch64) layouts,
/// while the fields between differ; the size covers the larger layout (144 bytes) with room to spare.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct FileStatus
{
    /// <summary>st_dev: the device holding the file.</summary>
    [FieldOffset(0)]
    public ulong Device;

    /// <summary>st_ino: the file's inode number on that device.</summary>
    [FieldOffset(8)]
    public ulong Inode;

    /// <summary>st_size: the file's length in bytes.</summary>
    [FieldOffset(48)]
    public long Size;

    /// <summary>st_mtim.tv_sec: when the contents last changed, seconds since the epoch.</summary>
    [FieldOffset(88)]
    public long ModifiedSeconds;

    /// <summary>st_mtim.tv_nsec: the nanoseconds of that second.</summary>
    [FieldOffset(96)]
    public long ModifiedNanoseconds;

    /// <summary>Whether both describe the same file (not merely the same name).</summary>
    public readonly bool IsSameFile(in FileStatus other) => Device == other.Device && Inode == other.Inode;
}
