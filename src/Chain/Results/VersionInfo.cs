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
    /// Writes the answer and its newline as indented JSON, as the serializer context writes every other answer, but with a
    /// bare <see cref="Utf8JsonWriter"/>: VERSION is the call whose cost is all start-up, and building the context's type
    /// metadata (attributes read by reflection, the relaxed encoder's tables) was a third of it. Versions are digits and
    /// dots, which no encoder escapes, so the encoder's tables are never built either.
    /// </summary>
    public void WriteTo(Stream output) => JsonAnswer.Write(output, this, static (info, writer) => info.WriteTo(writer));

    private void WriteTo(Utf8JsonWriter writer)
    {
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
