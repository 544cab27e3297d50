using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Native;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// libcni's result cache: &lt;cacheDir&gt;/results/&lt;network&gt;-&lt;containerId&gt;-&lt;ifName&gt;. Unlike libcni,
/// entries are written atomically (temp file, then rename), so no reader ever sees a half-written entry
/// and a failed write (full disk) leaves the old one. There is no fsync: it cost ~4 ms per ADD, and the
/// one thing it guards against, a power loss leaving an empty or torn entry, DEL already survives
/// (a bad entry is reported, not fatal, and DEL then runs every plugin without prevResult).
/// </summary>
internal sealed class ResultCache(string cacheDir)
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>The directory of the entries.</summary>
    public string ResultsDirectory => Path.Combine(cacheDir, "results");

    /// <summary>The file of one attachment's entry.</summary>
    public string PathFor(string network, string containerId, string ifName) =>
        Path.Combine(ResultsDirectory, $"{network}-{containerId}-{ifName}");

    /// <summary>Writes (replaces) an entry atomically.</summary>
    public void Write(CachedAttachment entry)
    {
        Directory.CreateDirectory(ResultsDirectory, OwnerOnlyDirectory);
        var path = PathFor(entry.NetworkName, entry.ContainerId, entry.IfName);
        // A dot name: GC's scan and libcni's skip it if a kill leaves it behind (it never parses as an entry);
        // the entry's DEL, or GC once this process is gone, removes it then.
        var temp = Path.Combine(ResultsDirectory, OrphanedTempFiles.NameFor(Path.GetFileName(path)));
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile }))
            {
                JsonSerializer.Serialize(stream, entry, ChainJson.Context.CachedAttachment);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>One attachment's entry, or why there is none.</summary>
    public CacheRead Read(string network, string containerId, string ifName) =>
        ReadFile(PathFor(network, containerId, ifName));

    /// <summary>
    /// Removes an entry, and a temp file of it that an ADD killed while writing it left behind; none there (not even
    /// the results directory) is fine.
    /// </summary>
    public void Delete(string network, string containerId, string ifName)
    {
        var path = PathFor(network, containerId, ifName);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever cached here, e.g. after an ADD killed before it finished.
        }

        OrphanedTempFiles.Delete(ResultsDirectory, Path.GetFileName(path) + ".");
    }

    /// <summary>
    /// Removes the network's temp files left by ADDs killed while writing their entry: those never finished, so
    /// without a DEL of the same attachment, GC is the runtime's only way to be rid of them.
    /// </summary>
    public void DeleteOrphanedTempFiles(string network) => OrphanedTempFiles.Delete(ResultsDirectory, network + "-");

    /// <summary>Every readable entry, in file name order (libcni's GetCachedAttachments); bad files are skipped.</summary>
    public IReadOnlyList<CachedAttachment> All()
    {
        if (!Directory.Exists(ResultsDirectory))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(ResultsDirectory).Where(f => !Path.GetFileName(f).StartsWith('.')).ToList();
        files.Sort(StringComparer.Ordinal);
        return files.Select(ReadFile)
            .Select(read => read.Entry)
            .Where(e => e is { IfName.Length: > 0, NetworkName.Length: > 0 })
            .Select(e => e!)
            .ToList();
    }

    private static CacheRead ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return CacheRead.Missing;
        }

        if (bytes.AsSpan().Trim("\t\n\r "u8).IsEmpty)
        {
            return new CacheRead(null, $"{path} is empty");
        }

        try
        {
            var entry = JsonSerializer.Deserialize(bytes, ChainJson.Context.CachedAttachment);
            return entry?.Kind == CachedAttachment.KindV1
                ? new CacheRead(entry, null)
                : new CacheRead(null, $"{path} is not a {CachedAttachment.KindV1} entry (kind \"{entry?.Kind}\")");
        }
        catch (JsonException e)
        {
            return new CacheRead(null, $"{path} is not valid JSON: {e.Message}");
        }
    }
}
