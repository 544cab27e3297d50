using System.Text.Json.Serialization;
using HumanzCni.Chain.Config;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// The humanz-bandwidth fields, as written at the top of the plugin's config or under runtimeConfig.bandwidth
/// (the reference bandwidth plugin's names): rates in bits per second, bursts in bits; 0 or absent means unset. It reads
/// itself (<see cref="FromJson"/>); the [JsonPropertyName]s name the same keys for SerializerAgreementTests.
/// </summary>
internal sealed class BandwidthJson
{
    [JsonPropertyName("ingressRate")]
    public long? IngressRate { get; set; }

    [JsonPropertyName("ingressBurst")]
    public long? IngressBurst { get; set; }

    [JsonPropertyName("egressRate")]
    public long? EgressRate { get; set; }

    [JsonPropertyName("egressBurst")]
    public long? EgressBurst { get; set; }

    /// <summary>Reads the fields from a config object or runtimeConfig.bandwidth (<see cref="JsonFields"/>: the serializer's rules without its metadata).</summary>
    public static BandwidthJson FromJson(JsonFields json) => new()
    {
        IngressRate = json.Int64("ingressRate"),
        IngressBurst = json.Int64("ingressBurst"),
        EgressRate = json.Int64("egressRate"),
        EgressBurst = json.Int64("egressBurst"),
    };
}
