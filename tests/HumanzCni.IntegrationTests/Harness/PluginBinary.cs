namespace HumanzCni.IntegrationTests.Harness;

/// <summary>
/// The published NativeAOT plugin the integration tests run: artifacts/bin/humanz-cni at the repository
/// root, or HUMANZ_CNI_BIN. Tests fail (never skip) when it is missing: publish it first.
/// </summary>
public static class PluginBinary
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    public static string Directory => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>Where the reference plugins from Debian's containernetworking-plugins live.</summary>
    public const string ReferencePluginDirectory = "/usr/lib/cni";

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "HumanzCni.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("cannot find HumanzCni.sln above the test directory");
        }
    }

    private static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("HUMANZ_CNI_BIN") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(RepositoryRoot, "artifacts", "bin", "humanz-cni");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} does not exist: publish the plugin first (./build.sh publish)");
        }

        return path;
    }
}
