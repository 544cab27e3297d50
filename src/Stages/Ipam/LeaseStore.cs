using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using HumanzCni.Native;
using HumanzCni.Stages.Kernel;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// The lease directory in host-local's on-disk format, so either plugin can take over a node:
/// one file per leased address named by the address ("10.1.2.3", "fd00::3") holding
/// "&lt;containerId&gt;\r\n&lt;ifName&gt;", a "last_reserved_ip.&lt;range set index&gt;" file with
/// the last address handed out from that set, and a "lock" file held with flock around every
/// read-modify-write. Each lease also has a second name by which its attachment finds it without reading the
/// others (<see cref="LeaseIndexName"/>), trusted while the directory carries the <see cref="IndexSeal"/>.
/// Each operation takes the lock itself; hold <see cref="Lock"/> to make several of them one step.
/// </summary>
internal sealed class LeaseStore
{
    private const string LastReservedPrefix = "last_reserved_ip.";

    // Not an address and never a container's lease content, so host-local passes over it.
    private const string BootIdFileName = "humanz.boot_id";

    /// <summary>Where a lease is written before it gets its name; not an address, so host-local ignores it too.</summary>
    private const string TemporaryPrefix = ".reserving.";

    // host-local's permissions, whatever the umask of the runtime that started the plugin.
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode LeaseFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>After this many taken candidates in a row, the walk skips the names one listing shows taken (a full range).</summary>
    private const int MissesBeforeListing = 16;

    private readonly FileLock _directoryLock;

    /// <summary>Whether leases are written through O_TMPFILE at all; false only in tests of the fallback.</summary>
    private readonly bool _unnamedFiles;

    /// <summary>How deep this store's holds of the lock are nested; the outermost one's end seals.</summary>
    private int _holds;

    /// <summary>Within the current hold: whether every lease has its index name (null: not looked at yet, see <see cref="Indexed"/>).</summary>
    private bool? _indexed;

    /// <summary>Within the current hold: whether it changed the directory's entries, which breaks the <see cref="IndexSeal"/>.</summary>
    private bool _changed;

    /// <param name="directoryPath">The lease directory.</param>
    /// <param name="unnamedFiles">false: write leases through named temp files, as where O_TMPFILE is unsupported (tests).</param>
    public LeaseStore(string directoryPath, bool unnamedFiles = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directoryPath);
        DirectoryPath = directoryPath;
        _directoryLock = new FileLock(Path.Join(directoryPath, "lock"), () => Directory.CreateDirectory(directoryPath, DirectoryMode));
        _unnamedFiles = unnamedFiles;
    }

    public string DirectoryPath { get; }

    /// <summary>Whether the directory exists; before the first allocation it need not. Under the lock it does (taking it made it).</summary>
    public bool Exists => _directoryLock.IsHeldByCurrentThread || Directory.Exists(DirectoryPath);

    /// <summary>
    /// Blocks until this store holds the lock file, creating the directory if the file's open finds none. Re-entrant: a
    /// hold inside a hold (every operation takes the lock itself) does not reopen the file.
    /// The outermost hold's end marks the index complete (<see cref="IndexSeal"/>) when the hold changed the
    /// directory and left every lease with its index name.
    /// </summary>
    public IDisposable Lock()
    {
        FileLock.Holder held = _directoryLock.Acquire();
        _holds++;
        return new Hold(this, held);
    }

    /// <summary>Leases the address to the attachment unless someone holds it already (see <see cref="ReserveFirstFree"/>).</summary>
    /// <returns>false when the address was already leased.</returns>
    public bool Reserve(IPAddress address, string containerId, string ifName, int rangeSetIndex) =>
        ReserveFirstFree([address], containerId, ifName, rangeSetIndex) is not null;

    /// <summary>
    /// Leases the first of the candidates nobody holds to the attachment, gives the lease its index name and records it
    /// as the range set's last reserved address, only if the name is free (the exclusive create host-local does with
    /// O_EXCL, which is the authority here: no listing is read first): see <see cref="PendingLease"/>. A spare lease file
    /// (<see cref="SpareLeases"/>) is used if there is one. A lease left empty (a kill between a spare's rename and its
    /// write) is in a directory whose seal the rename broke, so the next full look deletes it.
    /// </summary>
    /// <returns>The address leased; null when every candidate was taken.</returns>
    public IPAddress? ReserveFirstFree(IEnumerable<IPAddress> candidates, string containerId, string ifName, int rangeSetIndex)
    {
        LeaseFile.CheckAttachment(containerId, ifName);
        using IDisposable held = Lock();
        bool indexed = BeginChange();
        using var pending = new PendingLease(
            DirectoryPath,
            LeaseFile.Format(containerId, ifName),
            (int)LeaseFileMode,
            Path.Join(DirectoryPath, TemporaryPrefix + Environment.ProcessId),
            _unnamedFiles,
            SpareLeases.Newest(DirectoryPath));
        HashSet<string>? taken = null;
        int misses = 0;
        foreach (IPAddress candidate in candidates)
        {
            string name = candidate.ToString();
            if (taken is not null && taken.Contains(name))
            {
                continue;
            }

            string path = Path.Join(DirectoryPath, name);
            if (!pending.TryName(path))
            {
                if (++misses == MissesBeforeListing)
                {
                    taken = EntryNames();
                }

                continue;
            }

            try
            {
                WriteLastReserved(candidate, rangeSetIndex);
            }
            catch
            {
                File.Delete(path);
                throw;
            }

            // Unindexed (a full look must repair it first) unless it was indexed before and this lease got its name.
            EndChange(indexed && LinkIndexName(path, containerId, ifName, rangeSetIndex));
            return candidate;
        }

        EndChange(indexed);
        return null;
    }

    /// <summary>
    /// Releases every lease if the store was last used in an earlier boot: no container outlives a reboot, so
    /// neither may its addresses (host-local's best-known failure is a range filled with the dead). The boot is
    /// recorded beside the leases and checked under the lock, so of concurrent first ADDs after a reboot exactly
    /// one reclaims, before any of them leases. A store without a record (new, or kept by host-local or an older
    /// version) is only stamped: its leases may be live.
    /// </summary>
    /// <returns>The leases released.</returns>
    public IReadOnlyList<Lease> ReleaseLeasesOfEarlierBoot(string bootId)
    {
        using IDisposable held = Lock();
        string path = Path.Join(DirectoryPath, BootIdFileName);
        string? recorded = SmallFile.ReadText(path)?.Trim();
        if (recorded == bootId)
        {
            return [];
        }

        var released = new List<Lease>();
        if (recorded is not null)
        {
            IReadOnlyList<Lease> leases = ListAttachments();
            var addresses = new List<IPAddress>(leases.Count);
            foreach (Lease lease in leases)
            {
                addresses.Add(lease.Address);
            }

            HashSet<IPAddress> gone = [.. Release(addresses)];
            foreach (Lease lease in leases)
            {
                if (gone.Contains(lease.Address))
                {
                    released.Add(lease);
                }
            }
        }

        bool indexed = BeginChange();
        WriteAtomically(path, bootId);
        EndChange(indexed);
        return released;
    }

    /// <summary>The last address handed out from the range set, or null if none was recorded.</summary>
    public IPAddress? LastReserved(int rangeSetIndex)
    {
        string path = LastReservedPath(rangeSetIndex);
        using IDisposable? held = Exists ? Lock() : null;
        // Written in place (WriteLastReserved): a writer killed half-way may leave text that is no address, read as none.
        return SmallFile.ReadText(path) is { } text && AddressText.TryParse(text.Trim(), out IPAddress address)
            ? address
            : null;
    }

    /// <summary>
    /// Every lease in the directory, each file read, in one listing; the index names are checked against them and
    /// repaired (a lease without one gets one, a name whose lease is gone goes). Other files are ignored, except the
    /// debris of reservations whose plugin died half-way, which goes: temp files (only a reservation in progress
    /// writes one, and none can be while this holds the lock), and empty leases, which only older versions
    /// could leave (killed between creating a lease and writing it; they too wrote under the lock). An empty
    /// lease names no container, so no DEL would ever free its address; dropping it frees the address now. A spare
    /// (<see cref="SpareLeases"/>) that is another name of a file (which only a hand-made link could make) or outside the
    /// spares' slots goes too, so a spare an ADD takes is always a file of its own.
    /// </summary>
    public IReadOnlyList<Lease> ListAttachments()
    {
        if (!Exists)
        {
            return [];
        }

        using IDisposable held = Lock();
        List<DirectoryEntries.Entry> entries = ReadEntries();
        // Incomplete until checked below (an exception on the way leaves it unsealed); nothing changes if nothing is wrong.
        bool wasIndexed = Indexed();
        _indexed = false;
        var leases = new List<Lease>();
        var leaseByInode = new Dictionary<ulong, Lease>();
        var indexNames = new List<DirectoryEntries.Entry>();
        var namesPerInode = new Dictionary<ulong, int>();
        foreach (DirectoryEntries.Entry entry in entries)
        {
            namesPerInode[entry.Inode] = namesPerInode.GetValueOrDefault(entry.Inode) + 1;
        }

        foreach (DirectoryEntries.Entry entry in entries)
        {
            string path = Path.Join(DirectoryPath, entry.Name);
            if (entry.Name.StartsWith(TemporaryPrefix, StringComparison.Ordinal)
                || (SpareLeases.IsSpareName(entry.Name) && (SpareLeases.SlotOf(entry.Name) < 0 || namesPerInode[entry.Inode] > 1)))
            {
                DeleteEntry(path);
            }
            else if (LeaseIndexName.IsIndexName(entry.Name))
            {
                indexNames.Add(entry);
            }
            else if (AddressText.TryParse(entry.Name, out IPAddress address) && SmallFile.ReadText(path) is { } contents)
            {
                if (string.IsNullOrWhiteSpace(contents))
                {
                    DeleteEntry(path);
                }
                else
                {
                    Lease lease = LeaseFile.Parse(address, contents);
                    leases.Add(lease);
                    leaseByInode.TryAdd(entry.Inode, lease);
                }
            }
        }

        var indexedInodes = new HashSet<ulong>();
        foreach (DirectoryEntries.Entry index in indexNames)
        {
            if (leaseByInode.ContainsKey(index.Inode))
            {
                indexedInodes.Add(index.Inode);
            }
            else
            {
                DeleteEntry(Path.Join(DirectoryPath, index.Name));
            }
        }

        bool indexed = true;
        foreach ((ulong inode, Lease lease) in leaseByInode)
        {
            // A lease from before host-local recorded interface names matches any: no name can index it.
            indexed &= indexedInodes.Contains(inode)
                || (lease.IfName is not null && LinkIndexName(LeasePath(lease.Address), lease.ContainerId, lease.IfName, 0));
        }

        // Sealed anew if it was not (or the debris went), so that the next hold reads none of this again.
        _changed |= !wasIndexed;
        EndChange(indexed);
        return leases;
    }

    /// <summary>
    /// The addresses leased to the attachment: through its index names (one listing of the directory, one read per
    /// lease of the attachment) while the index is complete, else through a full look (<see cref="ListAttachments"/>,
    /// which repairs it).
    /// </summary>
    /// <param name="probeSlots">
    /// When above 0, first looks whether any of the attachment's first that many index names exists, and answers
    /// none without a listing if not: an allocation over that many range sets put its leases there.
    /// </param>
    public IReadOnlyList<IPAddress> FindByAttachment(string containerId, string ifName, int probeSlots = 0)
    {
        if (!Exists)
        {
            return [];
        }

        using IDisposable held = Lock();
        if (!Indexed())
        {
            return Owned(ListAttachments(), containerId, ifName);
        }

        string prefix = LeaseIndexName.PrefixOf(containerId, ifName);
        return probeSlots > 0 && !AnyIndexName(prefix, probeSlots) ? [] : IndexedLeasesOf(prefix, containerId, ifName, ReadEntries());
    }

    /// <summary>Releases every address leased to the attachment; nothing to release is fine.</summary>
    /// <returns>The addresses released.</returns>
    public IReadOnlyList<IPAddress> ReleaseByAttachment(string containerId, string ifName)
    {
        if (!Exists)
        {
            return [];
        }

        using IDisposable held = Lock();
        if (!Indexed())
        {
            return Release(Owned(ListAttachments(), containerId, ifName));
        }

        // One listing finds the attachment's leases and, by their inodes, the names to delete.
        List<DirectoryEntries.Entry> entries = ReadEntries();
        return Release(IndexedLeasesOf(LeaseIndexName.PrefixOf(containerId, ifName), containerId, ifName, entries), entries);
    }

    /// <summary>Deletes the lease of the address, and its index name.</summary>
    /// <returns>false when the address was not leased.</returns>
    public bool Release(IPAddress address) => Release([address]).Count > 0;

    /// <summary>
    /// Deletes the leases of the addresses and their index names (found by inode in one listing): the names first, then
    /// the lease, which is kept as a spare (<see cref="SpareLeases"/>) when a name of it went (so the seal is broken
    /// before its contents change) and no other name shares it. A kill in between leaves the directory unsealed, so the
    /// next look repairs it (names the lease again, or deletes it if it was blanked already).
    /// </summary>
    /// <returns>The addresses that were leased.</returns>
    public IReadOnlyList<IPAddress> Release(IReadOnlyCollection<IPAddress> addresses)
    {
        if (addresses.Count == 0 || !Exists)
        {
            return [];
        }

        using IDisposable held = Lock();
        return Release(addresses, ReadEntries());
    }

    /// <summary>
    /// Creates the directory and writes and deletes a probe file, the checks an allocation
    /// would fail on; under the lock, so the index stays marked complete.
    /// </summary>
    /// <returns>null when the directory is writable, else what went wrong.</returns>
    public string? CheckWritable()
    {
        string probe = Path.Join(DirectoryPath, $".write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using IDisposable held = Lock();
            bool indexed = BeginChange();
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            EndChange(indexed);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"lease directory {DirectoryPath} is not writable: {e.Message}";
        }
    }

    /// <summary>Under the lock: <see cref="Release(IReadOnlyCollection{IPAddress})"/> with the directory's entries read already.</summary>
    private List<IPAddress> Release(IReadOnlyCollection<IPAddress> addresses, List<DirectoryEntries.Entry> entries)
    {
        bool indexed = BeginChange();
        var released = new List<IPAddress>();
        HashSet<int>? spareSlots = null;
        foreach (IPAddress address in addresses)
        {
            string name = address.ToString();
            ulong? inode = null;
            foreach (DirectoryEntries.Entry entry in entries)
            {
                if (entry.Name == name)
                {
                    inode = entry.Inode;
                    break;
                }
            }

            if (inode is null)
            {
                continue;
            }

            bool indexNameDeleted = false;
            bool otherName = false;
            foreach (DirectoryEntries.Entry entry in entries)
            {
                if (entry.Inode != inode || entry.Name == name)
                {
                    continue;
                }

                if (LeaseIndexName.IsIndexName(entry.Name))
                {
                    File.Delete(Path.Join(DirectoryPath, entry.Name));
                    indexNameDeleted = true;
                }
                else
                {
                    otherName = true;
                }
            }

            string path = Path.Join(DirectoryPath, name);
            if (!indexNameDeleted || otherName || !SpareLeases.TryKeep(DirectoryPath, path, spareSlots ??= SpareSlots(entries)))
            {
                File.Delete(path);
            }

            released.Add(address);
        }

        EndChange(indexed);
        return released;
    }

    /// <summary>The slots of the spares in the listing.</summary>
    private static HashSet<int> SpareSlots(List<DirectoryEntries.Entry> entries)
    {
        var slots = new HashSet<int>();
        foreach (DirectoryEntries.Entry entry in entries)
        {
            if (SpareLeases.SlotOf(entry.Name) is var slot and >= 0)
            {
                slots.Add(slot);
            }
        }

        return slots;
    }

    private static List<IPAddress> Owned(IReadOnlyList<Lease> leases, string containerId, string ifName)
    {
        var owned = new List<IPAddress>();
        foreach (Lease lease in leases)
        {
            if (lease.BelongsTo(containerId, ifName))
            {
                owned.Add(lease.Address);
            }
        }

        return owned;
    }

    /// <summary>Whether the index is complete in this hold; looked at (one stat) once per hold, before any change.</summary>
    private bool Indexed() => _indexed ??= IndexSeal.IsSealed(DirectoryPath);

    /// <summary>
    /// Before changing the directory's entries: the index counts as incomplete until <see cref="EndChange"/>, so a
    /// change that fails half-way (an exception) leaves the directory unsealed for the next look to repair.
    /// </summary>
    /// <returns>Whether the index was complete before.</returns>
    private bool BeginChange()
    {
        bool indexed = Indexed();
        _indexed = false;
        _changed = true;
        return indexed;
    }

    private void EndChange(bool indexed) => _indexed = indexed;

    /// <summary>Deletes a name in the directory, which breaks the seal: the hold's end renews it if the index is complete.</summary>
    private void DeleteEntry(string path)
    {
        _changed = true;
        File.Delete(path);
    }

    private void EndHold(FileLock.Holder held)
    {
        try
        {
            if (--_holds == 0)
            {
                if (_changed && _indexed == true)
                {
                    IndexSeal.Seal(DirectoryPath);
                }

                _changed = false;
                _indexed = null;
            }
        }
        finally
        {
            held.Dispose();
        }
    }

    /// <summary>Whether any of the attachment's first <paramref name="slots"/> index names exists (one stat each).</summary>
    private bool AnyIndexName(string prefix, int slots)
    {
        for (int slot = 0; slot < Math.Min(slots, LeaseIndexName.Slots); slot++)
        {
            // Anything but "no such name" counts as there: the listing then decides.
            if (Interop.Stat(Path.Join(DirectoryPath, LeaseIndexName.Of(prefix, slot)), out _) == 0 || Marshal.GetLastPInvokeError() != Errno.ENOENT)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The addresses whose leases the attachment's index names link to, each lease read to confirm it is the
    /// attachment's (two attachments' hashes may collide). A name whose lease is gone goes.
    /// </summary>
    private List<IPAddress> IndexedLeasesOf(string prefix, string containerId, string ifName, List<DirectoryEntries.Entry> entries)
    {
        var owned = new List<IPAddress>();
        foreach (DirectoryEntries.Entry index in entries)
        {
            if (!index.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            string indexPath = Path.Join(DirectoryPath, index.Name);
            if (AddressLinkedTo(entries, index.Inode) is not { } address)
            {
                bool indexed = BeginChange();
                File.Delete(indexPath);
                EndChange(indexed);
            }
            else if (SmallFile.ReadText(indexPath) is { } contents && LeaseFile.Parse(address, contents).BelongsTo(containerId, ifName))
            {
                owned.Add(address);
            }
        }

        return owned;
    }

    private static IPAddress? AddressLinkedTo(List<DirectoryEntries.Entry> entries, ulong inode)
    {
        foreach (DirectoryEntries.Entry entry in entries)
        {
            if (entry.Inode == inode && AddressText.TryParse(entry.Name, out IPAddress address))
            {
                return address;
            }
        }

        return null;
    }

    /// <summary>
    /// A second name for the lease, the attachment's free slot (the range set's index if free, else the lowest):
    /// link(2), which a taken name refuses. false when all are taken (the index is then incomplete, and stays so).
    /// </summary>
    private bool LinkIndexName(string leasePath, string containerId, string ifName, int preferredSlot)
    {
        string prefix = LeaseIndexName.PrefixOf(containerId, ifName);
        int first = preferredSlot < LeaseIndexName.Slots ? preferredSlot : 0;
        for (int step = 0; step < LeaseIndexName.Slots; step++)
        {
            _changed = true;
            if (PendingLease.TryLink(leasePath, Path.Join(DirectoryPath, LeaseIndexName.Of(prefix, (first + step) % LeaseIndexName.Slots))))
            {
                return true;
            }
        }

        return false;
    }

    private List<DirectoryEntries.Entry> ReadEntries() => DirectoryEntries.Read(DirectoryPath) ?? [];

    private HashSet<string> EntryNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (DirectoryEntries.Entry entry in ReadEntries())
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private string LeasePath(IPAddress address) => Path.Join(DirectoryPath, address.ToString());

    private string LastReservedPath(int rangeSetIndex) => Path.Join(DirectoryPath, LastReservedPrefix + rangeSetIndex);

    /// <summary>
    /// In place, not write-then-rename: the file is only where the next walk starts, and any text in it is a valid
    /// start (no address or one outside the ranges starts at the first range), so a torn write costs nothing, while a
    /// rename over it would make ext4 write the file out at once on every ADD.
    /// </summary>
    private void WriteLastReserved(IPAddress address, int rangeSetIndex) =>
        SmallFile.Overwrite(LastReservedPath(rangeSetIndex), Encoding.ASCII.GetBytes(address.ToString()), (int)LeaseFileMode);

    /// <summary>Write-then-rename so a reader never sees a half-written file.</summary>
    private static void WriteAtomically(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text, Encoding.ASCII);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>One hold of the lock; disposing it twice ends it once.</summary>
    private sealed class Hold(LeaseStore store, FileLock.Holder held) : IDisposable
    {
        private LeaseStore? _store = store;

        public void Dispose() => Interlocked.Exchange(ref _store, null)?.EndHold(held);
    }
}
