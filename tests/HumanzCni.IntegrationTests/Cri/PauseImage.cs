using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace HumanzCni.IntegrationTests.Cri;

/// <summary>
/// The sandbox image for the CRI test, built locally since nothing can be pulled here: pause.c compiled with
/// `gcc -static`, packed as a one-layer OCI image archive (oci-layout, index.json, blobs/sha256/*) that
/// `ctr images import` reads, named by the io.containerd.image.name annotation.
/// </summary>
internal static class PauseImage
{
    public const string Name = "hz.local/pause:1";

    private const string Entrypoint = "pause";
    private const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar";
    private const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    private const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";

    /// <summary>Compiles the pause program into <paramref name="directory"/> and writes the image archive there; returns its path.</summary>
    public static string Build(string directory)
    {
        var source = Path.Combine(PluginBinary.RepositoryRoot(), "tests", "HumanzCni.IntegrationTests", "Cri", "pause.c");
        var binary = Path.Combine(directory, Entrypoint);
        ProcessRunner.Run("gcc", ["-static", "-Os", "-o", binary, source]).EnsureSuccess("gcc -static pause.c");

        var layer = Archive(writer => AddEntry(writer, Entrypoint, File.ReadAllBytes(binary), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
        var config = Json(new JsonObject
        {
            ["architecture"] = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Entrypoint"] = new JsonArray($"/{Entrypoint}") },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(Digest(layer)) },
        });
        var manifest = Json(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["config"] = Descriptor(ConfigMediaType, config),
            ["layers"] = new JsonArray(Descriptor(LayerMediaType, layer)),
        });
        var manifestDescriptor = Descriptor(ManifestMediaType, manifest);
        manifestDescriptor["annotations"] = new JsonObject { ["io.containerd.image.name"] = Name };
        var index = Json(new JsonObject { ["schemaVersion"] = 2, ["manifests"] = new JsonArray(manifestDescriptor) });

        var image = Archive(writer =>
        {
            AddEntry(writer, "oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray());
            AddEntry(writer, "index.json", index);
            foreach (var blob in new[] { layer, config, manifest })
            {
                AddEntry(writer, $"blobs/sha256/{Convert.ToHexStringLower(SHA256.HashData(blob))}", blob);
            }
        });
        var path = Path.Combine(directory, "pause-image.tar");
        File.WriteAllBytes(path, image);
        return path;
    }

    private static JsonObject Descriptor(string mediaType, byte[] blob) =>
        new() { ["mediaType"] = mediaType, ["digest"] = Digest(blob), ["size"] = blob.Length };

    private static string Digest(byte[] blob) => $"sha256:{Convert.ToHexStringLower(SHA256.HashData(blob))}";

    private static byte[] Json(JsonObject json) => System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());

    private static byte[] Archive(Action<TarWriter> fill)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            fill(writer);
        }

        return buffer.ToArray();
    }

    private static void AddEntry(TarWriter writer, string name, byte[] content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)
    {
        using var data = new MemoryStream(content, writable: false);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data, Mode = mode });
    }
}
