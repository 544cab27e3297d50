using System.Text.Json;

namespace HumanzCni.IntegrationTests.Plugin;

/// <summary>The configs in conflist/ are examples people copy: libcni must accept every one as it stands.</summary>
public sealed class ExampleConfigTests
{
    public static TheoryData<string> ExampleFiles() =>
        new(Directory.GetFiles(Path.Combine(PluginBinary.RepositoryRoot(), "conflist")).Select(Path.GetFileName).Select(f => f!));

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Libcni_validates_the_example(string file)
    {
        var confDir = Directory.CreateTempSubdirectory("hzt-examples-").FullName;
        try
        {
            var source = Path.Combine(PluginBinary.RepositoryRoot(), "conflist", file);
            File.Copy(source, Path.Combine(confDir, file));
            using var document = JsonDocument.Parse(File.ReadAllText(source));
            var network = document.RootElement.GetProperty("name").GetString()!;

            // validate asks every plugin of the list for VERSION and checks the config's version and capabilities.
            var result = ProcessRunner.Run("cnictl", ["validate", network, "/nonexistent"], new Dictionary<string, string>
            {
                ["NETCONFPATH"] = confDir,
                ["CNI_PATH"] = $"{PluginBinary.Directory}:{PluginBinary.ReferencePluginDirectory}",
            });

            Assert.True(result.ExitCode == 0, $"cnictl validate {network} ({file}): {result.StandardError}");
        }
        finally
        {
            Directory.Delete(confDir, recursive: true);
        }
    }
}
