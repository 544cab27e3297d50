using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>The answer to VERSION.</summary>
public sealed class VersionInfo
{
    /// <summary>The version the answer is printed in.</summary>
    [JsonPropertyName("cniVersion")]
    public string CniVersion { get; set; } = "";

    /// <summary>Every version the plugin speaks.</summary>
    [JsonPropertyName("supportedVersions")]
    public IReadOnlyList<string> SupportedVersions { get; set; } = [];
}
