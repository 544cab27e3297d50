using System.Globalization;
using System.Runtime.InteropServices;
using HumanzCni.Native;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// Lease files a DEL keeps for the next ADD instead of deleting them: "humanz.spare.N" (N below <see cref="Capacity"/>),
/// each a file whose contents are blanked (spaces only) before it gets the name, so it never matches a container: host-local,
/// which deletes or reports every file whose trimmed contents are an attachment's, passes over it, and so do this store's
/// listings (not an address). Why: on ext4 without a journal, allocating an inode skips, one inode-table read each, every
/// inode freed in the last minute or more (find_inode_bit, recently_deleted), so after a burst of DELs each new lease file
/// cost 0.1-0.25 ms of CPU; a spare renamed to the address's name allocates nothing. Every step runs under the lease
/// directory's lock. A spare is never a lease and never linked from an index name: a DEL deletes the lease's index
/// names, then blanks it (a kill here leaves an empty lease in a directory whose seal the deletion broke, which the next
/// full look deletes), then renames it; an ADD renames a spare to the address (RENAME_NOREPLACE: fails if the address
/// is taken, as host-local's O_EXCL create does), then writes the contents (a kill between leaves an empty lease, as
/// before).
/// </summary>
internal static class SpareLeases
{
    /// <summary>
    /// At most this many spares per directory (one inode and one block each); a DEL beyond it deletes the lease. A node's
    /// whole turnover (kubelet's default limit is 110 pods): with 32, a burst of 100 DELs then 100 ADDs still allocated
    /// 68 inodes past the 68 freed, half the cost.
    /// </summary>
    public const int Capacity = 128;

    private const string Prefix = "humanz.spare.";

    /// <summary>A lease longer than this (not one this store or host-local wrote) is deleted, not blanked.</summary>
    private const int MaxBlankedLength = 4096;

    /// <summary>What <see cref="TryClaim"/> did.</summary>
    internal enum Outcome
    {
        /// <summary>The spare is the address's lease now, with all its contents.</summary>
        Claimed,

        /// <summary>The address was taken; the spare is still a spare.</summary>
        NameTaken,

        /// <summary>The spare could not be used (gone, no RENAME_NOREPLACE on this file system, not a plain file); write a new file.</summary>
        Unusable,
    }

    public static bool IsSpareName(string name) => name.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>N of a spare's name "humanz.spare.N" when 0 &lt;= N &lt; <see cref="Capacity"/> in its plain spelling, else -1.</summary>
    public static int SlotOf(string name) =>
        IsSpareName(name)
        && int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int slot)
        && slot < Capacity
        && NameOf(slot) == name
            ? slot
            : -1;

    /// <summary>
    /// The spare an ADD takes: the highest-numbered one. A DEL fills the lowest free slot, so the spares are normally
    /// slots 0 to n-1, and a binary search with stat(2) finds n-1 without listing the directory: one stat when there are
    /// none, about eight when there are some. With gaps (a spare deleted by hand) it still finds a spare that exists.
    /// </summary>
    /// <returns>The spare's path, or null when there is none.</returns>
    public static string? Newest(string directory)
    {
        if (!Exists(directory, 0))
        {
            return null;
        }

        // Slot low exists; every slot at high or above that was looked at does not.
        int low = 0;
        int high = Capacity;
        while (high - low > 1)
        {
            int middle = (low + high) / 2;
            if (Exists(directory, middle))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return PathOf(directory, low);
    }

    /// <summary>
    /// An ADD's claim of the address's name with a spare: opened first (so anything but a plain file, put there by hand,
    /// is refused before it gets the name), renamed with renameat2(RENAME_NOREPLACE), then the lease's contents written
    /// over the blanks. A write that fails deletes the name again (the address stays free) and throws.
    /// </summary>
    public static Outcome TryClaim(string sparePath, string leasePath, ReadOnlySpan<byte> contents)
    {
        using var file = OpenForWriting(sparePath);
        if (file.IsInvalid)
        {
            return Outcome.Unusable;
        }

        if (Interop.Renameat2(Interop.AT_FDCWD, sparePath, Interop.AT_FDCWD, leasePath, Interop.RENAME_NOREPLACE) != 0)
        {
            return Marshal.GetLastPInvokeError() == Errno.EEXIST ? Outcome.NameTaken : Outcome.Unusable;
        }

        try
        {
            SmallFile.WriteOver(file, contents, leasePath);
            return Outcome.Claimed;
        }
        catch
        {
            File.Delete(leasePath);
            throw;
        }
    }

    /// <summary>
    /// A DEL's keeping of a released lease as a spare, in the lowest slot not in <paramref name="taken"/>: its contents
    /// overwritten with as many spaces (in place: no truncation, which on ext4 would start writing the file out), then
    /// renamed. The caller must have deleted the lease's index names first (that deletion also breaks the directory's
    /// seal, so a kill after the blanking leaves an empty lease the next full look deletes) and know of no other name
    /// of the file. Adds the slot used to <paramref name="taken"/>.
    /// </summary>
    /// <returns>false when it was not kept (no free slot, not a plain small file, no rename): the caller deletes it.</returns>
    public static bool TryKeep(string directory, string leasePath, ISet<int> taken)
    {
        int slot = 0;
        while (taken.Contains(slot))
        {
            slot++;
        }

        if (slot >= Capacity)
        {
            return false;
        }

        using var file = OpenForWriting(leasePath);
        if (file.IsInvalid || Interop.Fstat(file, out var status) != 0 || status.Size > MaxBlankedLength)
        {
            return false;
        }

        Span<byte> blanks = stackalloc byte[(int)status.Size];
        blanks.Fill((byte)' ');
        try
        {
            SmallFile.WriteAll(file, blanks, leasePath);
        }
        catch (IOException)
        {
            // Blanked in part, perhaps: no lease and no spare, so the caller deletes it.
            return false;
        }

        if (Interop.Renameat2(Interop.AT_FDCWD, leasePath, Interop.AT_FDCWD, PathOf(directory, slot), Interop.RENAME_NOREPLACE) != 0)
        {
            return false;
        }

        taken.Add(slot);
        return true;
    }

    /// <summary>
    /// The file opened for writing only if it is one: a symbolic link is not followed (O_NOFOLLOW), a directory refuses,
    /// and a FIFO without a reader refuses at once instead of blocking (O_NONBLOCK, which a regular file ignores).
    /// </summary>
    private static SafeFileDescriptorHandle OpenForWriting(string path) =>
        Interop.Open(path, Interop.O_WRONLY | Interop.O_NOFOLLOW | Interop.O_NONBLOCK | Interop.O_CLOEXEC, 0);

    private static bool Exists(string directory, int slot) => Interop.Stat(PathOf(directory, slot), out _) == 0;

    private static string PathOf(string directory, int slot) => Path.Join(directory, NameOf(slot));

    private static string NameOf(int slot) => Prefix + slot.ToString(CultureInfo.InvariantCulture);
}
