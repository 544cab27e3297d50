using System.Text.Json;

namespace HumanzCni.Chain.Results;

/// <summary>The answer to VERSION.</summary>
internal sealed class VersionInfo
{
    /// <summary>The version the answer is printed in.</summary>
    public string CniVersion { get; set; } = "";

    /// <summary>Every version the plugin speaks.</summary>
    public IReadOnlyList<string> SupportedVersions { get; set; } = [];

    /// <summary>
    /// Writes the answer as indented JSON, as the serializer context writes every other answer, but with a bare
    /// <see cref="Utf8JsonWriter"/>: VERSION is the call whose cost is all start-up, and building the context's
    /// type metadata (attributes read by reflection, the relaxed encoder's tables) was a third of it.
    /// </summary>
    public void WriteTo(Stream output)
    {
        // Versions are digits and dots, which no encoder escapes: this one never builds the encoders' tables.
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = PlainFirstJsonEncoder.Instance });
        writer.WriteStartObject();
        writer.WriteString("cniVersion"u8, CniVersion);
        writer.WriteStartArray("supportedVersions"u8);
        foreach (var version in SupportedVersions)
        {
            writer.WriteStringValue(version);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
