using System.Net;
using System.Text;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// The lease directory in host-local's on-disk format, so either plugin can take over a node:
/// one file per leased address named by the address ("10.1.2.3", "fd00::3") holding
/// "&lt;containerId&gt;\r\n&lt;ifName&gt;", a "last_reserved_ip.&lt;range set index&gt;" file with
/// the last address handed out from that set, and a "lock" file held with flock around every
/// read-modify-write. Each operation takes the lock itself; hold <see cref="Lock"/> to make
/// several of them one step.
/// </summary>
public sealed class LeaseStore
{
    private const string LastReservedPrefix = "last_reserved_ip.";

    // Not an address and never a container's lease content, so host-local passes over it.
    private const string BootIdFileName = "humanz.boot_id";

    // host-local's permissions, whatever the umask of the runtime that started the plugin.
    private const UnixFileMode DirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode LeaseFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly LeaseDirectoryLock directoryLock;

    public LeaseStore(string directoryPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directoryPath);
        DirectoryPath = directoryPath;
        directoryLock = new LeaseDirectoryLock(Path.Join(directoryPath, "lock"));
    }

    public string DirectoryPath { get; }

    /// <summary>Whether the directory exists; before the first allocation it need not.</summary>
    public bool Exists => Directory.Exists(DirectoryPath);

    /// <summary>Creates the directory if needed and blocks until this store holds the lock file.</summary>
    public IDisposable Lock()
    {
        Directory.CreateDirectory(DirectoryPath, DirectoryMode);
        return directoryLock.Acquire();
    }

    /// <summary>
    /// Leases the address to the attachment unless someone holds it already, and records it as
    /// the range set's last reserved address.
    /// </summary>
    /// <returns>false when the address was already leased.</returns>
    public bool Reserve(IPAddress address, string containerId, string ifName, int rangeSetIndex)
    {
        LeaseFile.CheckAttachment(containerId, ifName);
        using IDisposable held = Lock();
        string path = LeasePath(address);
        FileStream stream;
        try
        {
            // CreateNew is O_CREAT|O_EXCL: the existence check and the creation are one step.
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = LeaseFileMode,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }

        try
        {
            using (stream)
            {
                stream.Write(LeaseFile.Format(containerId, ifName));
            }

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
        string? recorded = File.Exists(path) ? File.ReadAllText(path).Trim() : null;
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
        return File.Exists(path) && AddressText.TryParse(File.ReadAllText(path).Trim(), out IPAddress address)
            ? address
            : null;
    }

    /// <summary>Every lease in the directory, read in one listing. Other files are ignored.</summary>
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
            if (AddressText.TryParse(Path.GetFileName(path), out IPAddress address) && TryRead(path) is { } contents)
            {
                leases.Add(LeaseFile.Parse(address, contents));
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

    private void WriteLastReserved(IPAddress address, int rangeSetIndex) => WriteAtomically(LastReservedPath(rangeSetIndex), address.ToString());

    /// <summary>Write-then-rename so a reader never sees a half-written file.</summary>
    private static void WriteAtomically(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text, Encoding.ASCII);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The file's text, or null if it vanished since the listing.</summary>
    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
