using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>The answer to VERSION.</summary>
public sealed class VersionInfo
{
    [JsonPropertyName("cniVersion")]
    public string CniVersion { get; set; } = "";

    [JsonPropertyName("supportedVersions")]
    public IReadOnlyList<string> SupportedVersions { get; set; } = [];
}
