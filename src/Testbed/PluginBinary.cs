namespace HumanzCni.Testbed;

/// <summary>
/// The published NativeAOT plugin the testbed runs (humanz-cni agent|install|chain go through it too):
/// HUMANZ_CNI_BIN, else humanz-cni beside this program (the demo runs inside humanz-cni-agent, published
/// next to it), else artifacts/bin/humanz-cni at the repository root (the tests). Missing is an error,
/// never a skip: publish it first.
/// </summary>
public static class PluginBinary
{
    public const string FileName = "humanz-cni";

    /// <summary>Where the reference plugins from Debian's containernetworking-plugins live.</summary>
    public const string ReferencePluginDirectory = "/usr/lib/cni";

    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    public static string Directory => System.IO.Path.GetDirectoryName(Path)!;

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("HUMANZ_CNI_BIN") is { Length: > 0 } configured)
        {
            return Existing(configured);
        }

        var beside = System.IO.Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(beside) ? beside : Existing(System.IO.Path.Combine(RepositoryRoot(), "artifacts", "bin", FileName));
    }

    /// <summary>The checkout this program was built in: the nearest directory above it holding HumanzCni.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HumanzCni.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no {FileName} beside {AppContext.BaseDirectory} and no HumanzCni.sln above it: set HUMANZ_CNI_BIN");
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist: publish the plugin first (./build.sh publish)");
}
