using System.Text.Json.Serialization;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// The humanz-bandwidth fields, as written at the top of the plugin's config or under runtimeConfig.bandwidth
/// (the reference bandwidth plugin's names): rates in bits per second, bursts in bits; 0 or absent means unset.
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
}
