using HumanzCni.Chain.Protocol;

namespace HumanzCni.Chain.Runner;

/// <summary>
/// Finds a network by name in a conf dir the way libcni's LoadConfList does: first the *.conflist files
/// in name order, then the single-plugin *.conf and *.json files in name order (wrapped into a list of
/// one). As in libcni, a file that cannot be parsed stops the search with its error, even when a later
/// file holds the network: a broken file in the conf dir is a problem to fix, not to skip.
/// </summary>
internal static class ConfListLoader
{
    /// <summary>The network <paramref name="network"/> from <paramref name="confDir"/>; a missing network or unreadable file is an error naming it.</summary>
    public static NetworkConfigList Load(string confDir, string network)
    {
        var conflists = Files(confDir, ".conflist");
        foreach (var file in conflists)
        {
            var list = NetworkConfigList.Parse(Read(file), file);
            if (list.Name == network)
            {
                return list;
            }
        }

        var singles = Files(confDir, ".conf", ".json");
        foreach (var file in singles)
        {
            var list = NetworkConfigList.FromSingleConfig(Read(file), file);
            if (list.Name == network)
            {
                return list;
            }
        }

        throw new CniException(
            CniErrorCode.InvalidConfig,
            conflists.Count + singles.Count == 0
                ? $"no network configurations (*.conflist, *.conf, *.json) in {confDir}"
                : $"no network named \"{network}\" in {confDir} ({conflists.Count + singles.Count} config files looked at)");
    }

    /// <summary>Regular files with one of the extensions, sorted by name (ordinal, as Go's sort.Strings).</summary>
    private static List<string> Files(string dir, params string[] extensions)
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(dir)
            .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.Ordinal))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static byte[] Read(string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.IoFailure, $"cannot read {file}: {e.Message}", inner: e);
        }
    }
}
