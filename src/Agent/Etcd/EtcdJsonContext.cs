using System.Text.Json.Serialization;

namespace HumanzCni.Agent.Etcd;

/// <summary>Source-generated JSON for the gateway's messages: snake_case names, 64-bit numbers as strings.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RangeRequest))]
[JsonSerializable(typeof(RangeResponse))]
[JsonSerializable(typeof(PutRequest))]
[JsonSerializable(typeof(DeleteRangeRequest))]
[JsonSerializable(typeof(TxnRequest))]
[JsonSerializable(typeof(TxnResponse))]
[JsonSerializable(typeof(LeaseGrantRequest))]
[JsonSerializable(typeof(LeaseIdRequest))]
[JsonSerializable(typeof(LeaseResponse))]
[JsonSerializable(typeof(StreamLine<LeaseResponse>))]
[JsonSerializable(typeof(StreamLine<WatchResponse>))]
[JsonSerializable(typeof(WatchRequest))]
[JsonSerializable(typeof(GatewayError))]
internal sealed partial class EtcdJsonContext : JsonSerializerContext
{
}
