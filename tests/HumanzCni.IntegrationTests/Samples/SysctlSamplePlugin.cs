using System.Diagnostics;

namespace HumanzCni.IntegrationTests.Samples;

/// <summary>
/// samples/sysctl built the way its README walk-through says, once for the test class: `./build.sh pack` writes the
/// framework packages into the local feed, then `dotnet publish samples/sysctl` compiles humanz-sysctl with NativeAOT
/// against them into a temp dir of its own (removed on Dispose).
/// </summary>
public sealed class SysctlSamplePlugin : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public SysctlSamplePlugin()
    {
        var root = PluginBinary.RepositoryRoot();
        var started = Stopwatch.GetTimestamp();
        ProcessRunner.Run(System.IO.Path.Combine(root, "build.sh"), ["pack"], timeout: BuildTimeout).EnsureSuccess("./build.sh pack");
        PackTime = Stopwatch.GetElapsedTime(started);
        ProcessRunner.Run("dotnet", ["publish", System.IO.Path.Combine(root, "samples", "sysctl"), "-c", "Release", "-o", Directory, "-nologo"], timeout: BuildTimeout)
            .EnsureSuccess("dotnet publish samples/sysctl");
        PublishTime = Stopwatch.GetElapsedTime(started) - PackTime;
    }

    /// <summary>The publish dir, holding only humanz-sysctl: put it on CNI_PATH before humanz-cni's.</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hzt-sysctl-sample-").FullName;

    public string Path => System.IO.Path.Combine(Directory, "humanz-sysctl");

    /// <summary>CNI_PATH for a chain of humanz-cni, then humanz-sysctl.</summary>
    public string CniPath => $"{Directory}:{PluginBinary.Directory}:{PluginBinary.ReferencePluginDirectory}";

    public TimeSpan PackTime { get; }

    public TimeSpan PublishTime { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
