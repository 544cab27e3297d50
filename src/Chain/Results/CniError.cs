using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>The error JSON a plugin prints on stdout before exiting non-zero.</summary>
public sealed class CniError
{
    [JsonPropertyName("cniVersion")]
    public string CniVersion { get; set; } = "";

    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("msg")]
    public string Msg { get; set; } = "";

    [JsonPropertyName("details")]
    public string? Details { get; set; }
}
