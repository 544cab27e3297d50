using Snapshooter;
using Snapshooter.Xunit;

namespace HumanzCni.IntegrationTests.Snapshots;

/// <summary>
/// Snapshot.Match, but a missing snapshot fails instead of being written. Snapshooter creates a missing
/// .snap and passes, and CI sets no SNAPSHOOTER_STRICT_MODE, so without this a snapshot that was never
/// committed would make every CI run green whatever the plugin prints. Set HUMANZ_CREATE_SNAPSHOTS=1 to
/// create new snapshots locally, review them, and commit the __snapshots__ files.
/// </summary>
public static class CommittedSnapshot
{
    public const string CreateVariable = "HUMANZ_CREATE_SNAPSHOTS";

    /// <summary>Call straight from the [Fact]/[Theory] method: Snapshooter names the snapshot after the test method on the stack.</summary>
    public static void Match(object current, string nameExtension)
    {
        var extension = SnapshotNameExtension.Create(nameExtension);
        var name = Snapshot.FullName(extension);

        // Snapshooter puts __snapshots__ beside the test's source file, found through the PDB. A build with
        // source paths mapped (e.g. ContinuousIntegrationBuild=true gives /_/...) would point nowhere.
        Assert.True(
            Directory.Exists(name.FolderPath),
            $"the snapshot folder {name.FolderPath} (from the test's PDB source path) does not exist: build without path mapping so Snapshooter finds __snapshots__ beside the test source");

        var file = Path.Combine(name.FolderPath, "__snapshots__", name.Filename);
        if (!File.Exists(file) && Environment.GetEnvironmentVariable(CreateVariable) != "1")
        {
            Assert.Fail($"snapshot {file} is missing: it must be committed. Run the test with {CreateVariable}=1 to create it, review it, then commit it");
        }

        Snapshot.Match(current, name);
    }
}
