using System.Security.Cryptography;

namespace HumanzCni.IntegrationTests.Deploy;

/// <summary>
/// localhost/humanz-cni:latest holding the binaries in artifacts/bin. `./build.sh test` builds it before the
/// tests; when it is missing or was built from other binaries (its io.humanz-cni.binaries label holds their
/// sha256s), the first test that needs it runs `./build.sh image` once (it packages artifacts/bin: about 2 s).
/// </summary>
internal static class HumanzCniImage
{
    public const string Name = "localhost/humanz-cni";

    private static readonly Lazy<string> Built = new(EnsureBuilt);

    /// <summary>The image reference, built first when needed.</summary>
    public static string Latest => Built.Value;

    /// <summary>The label ./build.sh image puts on the image: "humanz-cni=SHA256 humanz-cni-agent=SHA256".</summary>
    private static string BinariesLabel() =>
        string.Join(' ', new[] { "humanz-cni", "humanz-cni-agent" }.Select(name =>
        {
            using var file = File.OpenRead(Path.Combine(PluginBinary.Directory, name));
            return $"{name}={Convert.ToHexStringLower(SHA256.HashData(file))}";
        }));

    private static string EnsureBuilt()
    {
        var reference = $"{Name}:latest";
        var label = Podman.Run("image", "inspect", "--format", "{{index .Config.Labels \"io.humanz-cni.binaries\"}}", reference);
        if (label.ExitCode != 0 || label.StandardOutput.Trim() != BinariesLabel())
        {
            ProcessRunner.Run(Path.Combine(PluginBinary.RepositoryRoot(), "build.sh"), ["image"], timeout: TimeSpan.FromMinutes(15))
                .EnsureSuccess("./build.sh image");
        }

        return reference;
    }
}
