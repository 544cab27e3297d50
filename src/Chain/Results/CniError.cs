using System.Text.Json.Serialization;

namespace HumanzCni.Chain.Results;

/// <summary>The error JSON a plugin prints on stdout before exiting non-zero.</summary>
internal sealed class CniError
{
    /// <summary>The version the error is printed in.</summary>
    [JsonPropertyName("cniVersion")]
    public string CniVersion { get; set; } = "";

    /// <summary>The error code (<see cref="Protocol.CniErrorCode"/>).</summary>
    [JsonPropertyName("code")]
    public int Code { get; set; }

    /// <summary>What went wrong and what to fix.</summary>
    [JsonPropertyName("msg")]
    public string Msg { get; set; } = "";

    /// <summary>Further detail; absent when none.</summary>
    [JsonPropertyName("details")]
    public string? Details { get; set; }
}
