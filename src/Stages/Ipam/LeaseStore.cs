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
/// read-modify-write. Each operation takes the lock itself; hold <see cref="Lock"/> to make
/// several of them one step.
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

    private readonly FileLock _directoryLock;

    /// <summary>Whether leases are written through O_TMPFILE at all; false only in tests of the fallback.</summary>
    private readonly bool _unnamedFiles;

    /// <param name="directoryPath">The lease directory.</param>
    /// <param name="unnamedFiles">false: write leases through named temp files, as where O_TMPFILE is unsupported (tests).</param>
    public LeaseStore(string directoryPath, bool unnamedFiles = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directoryPath);
        DirectoryPath = directoryPath;
        _directoryLock = new FileLock(Path.Join(directoryPath, "lock"));
        _unnamedFiles = unnamedFiles;
    }

    public string DirectoryPath { get; }

    /// <summary>Whether the directory exists; before the first allocation it need not. Under the lock it does (taking it made it).</summary>
    public bool Exists => _directoryLock.IsHeldByCurrentThread || Directory.Exists(DirectoryPath);

    /// <summary>
    /// Creates the directory if needed and blocks until this store holds the lock file. Re-entrant: a hold inside
    /// a hold (every operation takes the lock itself) neither looks at the directory again nor reopens the file.
    /// </summary>
    public IDisposable Lock()
    {
        if (!_directoryLock.IsHeldByCurrentThread)
        {
            Directory.CreateDirectory(DirectoryPath, DirectoryMode);
        }

        return _directoryLock.Acquire();
    }

    /// <summary>
    /// Leases the address to the attachment unless someone holds it already, and records it as
    /// the range set's last reserved address. The lease appears complete or not at all, and only if the name is free
    /// (the exclusive create host-local does with O_EXCL): its contents go into an unnamed file (O_TMPFILE) that
    /// linkat(2) then names, so a plugin killed half-way leaves nothing. Where the file system has no O_TMPFILE they
    /// go to a named temp file that link(2) names; a plugin killed then leaves at most the temp file, which the next
    /// look at the directory under the lock removes (see <see cref="ListAttachments"/>). Either way, never an empty
    /// lease that no DEL could match to its container.
    /// </summary>
    /// <returns>false when the address was already leased.</returns>
    public bool Reserve(IPAddress address, string containerId, string ifName, int rangeSetIndex)
    {
        LeaseFile.CheckAttachment(containerId, ifName);
        using IDisposable held = Lock();
        string path = LeasePath(address);
        byte[] contents = LeaseFile.Format(containerId, ifName);
        bool created = (_unnamedFiles ? SmallFile.TryCreateComplete(path, contents, (int)LeaseFileMode) : SmallFile.CreateOutcome.Unsupported) switch
        {
            SmallFile.CreateOutcome.Created => true,
            SmallFile.CreateOutcome.NameTaken => false,
            _ => CreateThroughTemporaryFile(address, path, contents),
        };
        if (!created)
        {
            return false;
        }

        try
        {
            WriteLastReserved(address, rangeSetIndex);
            return true;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
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

        IReadOnlyList<Lease> released = recorded is null ? [] : [.. ListAttachments().Where(lease => Release(lease.Address))];
        WriteAtomically(path, bootId);
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
    /// Every lease in the directory, read in one listing. Other files are ignored, except the debris of
    /// reservations whose plugin died half-way, which goes: temp files (only a reservation in progress
    /// writes one, and none can be while this holds the lock), and empty leases, which only older versions
    /// could leave (killed between creating a lease and writing it; they too wrote under the lock). An empty
    /// lease names no container, so no DEL would ever free its address; dropping it frees the address now.
    /// </summary>
    public IReadOnlyList<Lease> ListAttachments()
    {
        if (!Exists)
        {
            return [];
        }

        using IDisposable held = Lock();
        var leases = new List<Lease>();
        foreach (string path in Directory.EnumerateFiles(DirectoryPath))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith(TemporaryPrefix, StringComparison.Ordinal))
            {
                File.Delete(path);
            }
            else if (AddressText.TryParse(name, out IPAddress address) && SmallFile.ReadText(path) is { } contents)
            {
                if (string.IsNullOrWhiteSpace(contents))
                {
                    File.Delete(path);
                }
                else
                {
                    leases.Add(LeaseFile.Parse(address, contents));
                }
            }
        }

        return leases;
    }

    /// <summary>The addresses leased to the attachment.</summary>
    public IReadOnlyList<IPAddress> FindByAttachment(string containerId, string ifName) =>
        [.. ListAttachments().Where(lease => lease.BelongsTo(containerId, ifName)).Select(lease => lease.Address)];

    /// <summary>Releases every address leased to the attachment; nothing to release is fine.</summary>
    /// <returns>The addresses released.</returns>
    public IReadOnlyList<IPAddress> ReleaseByAttachment(string containerId, string ifName)
    {
        if (!Exists)
        {
            return [];
        }

        using IDisposable held = Lock();
        IPAddress[] owned = [.. FindByAttachment(containerId, ifName)];
        foreach (IPAddress address in owned)
        {
            Release(address);
        }

        return owned;
    }

    /// <summary>Deletes the lease of the address.</summary>
    /// <returns>false when the address was not leased.</returns>
    public bool Release(IPAddress address)
    {
        if (!Exists)
        {
            return false;
        }

        using IDisposable held = Lock();
        string path = LeasePath(address);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>
    /// Creates the directory and writes and deletes a probe file, the checks an allocation
    /// would fail on.
    /// </summary>
    /// <returns>null when the directory is writable, else what went wrong.</returns>
    public string? CheckWritable()
    {
        string probe = Path.Join(DirectoryPath, $".write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(DirectoryPath, DirectoryMode);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"lease directory {DirectoryPath} is not writable: {e.Message}";
        }
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

    /// <summary>The lease written to a temp file first, which link(2) then names: where O_TMPFILE is not supported.</summary>
    private bool CreateThroughTemporaryFile(IPAddress address, string path, byte[] contents)
    {
        string temporary = Path.Join(DirectoryPath, $"{TemporaryPrefix}{Environment.ProcessId}.{address}");
        try
        {
            SmallFile.Overwrite(temporary, contents, (int)LeaseFileMode);
            return TryLink(temporary, path);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>link(2): false when <paramref name="newPath"/> exists already.</summary>
    private static bool TryLink(string existingPath, string newPath)
    {
        if (Interop.Link(existingPath, newPath) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == Errno.EEXIST
            ? false
            : throw new IOException($"link {existingPath} {newPath}: {Errno.Describe(errno)} (errno {errno})");
    }
}
