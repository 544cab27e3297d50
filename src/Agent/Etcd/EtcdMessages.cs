using System.Text.Json.Serialization;

namespace HumanzCni.Agent.Etcd;

// The messages of etcd's v3 HTTP/JSON gateway (grpc-gateway over etcdserverpb) that the agent uses.
// Keys and values are bytes (base64 in JSON); 64-bit numbers travel as strings; fields at their default
// value (0, false, PUT) are left out of responses, hence the defaults here.

internal sealed class RangeRequest
{
    public byte[] Key { get; set; } = [];

    public byte[]? RangeEnd { get; set; }
}

internal sealed class RangeResponse
{
    public ResponseHeader? Header { get; set; }

    public List<KeyValue>? Kvs { get; set; }
}

internal sealed class ResponseHeader
{
    public long Revision { get; set; }
}

internal sealed class KeyValue
{
    public byte[] Key { get; set; } = [];

    [JsonIgnore]
    public string KeyText => System.Text.Encoding.UTF8.GetString(Key);

    public byte[]? Value { get; set; }

    public long CreateRevision { get; set; }

    public long ModRevision { get; set; }

    public long Lease { get; set; }
}

internal sealed class PutRequest
{
    public byte[] Key { get; set; } = [];

    public byte[] Value { get; set; } = [];

    public long Lease { get; set; }
}

internal sealed class DeleteRangeRequest
{
    public byte[] Key { get; set; } = [];
}

internal sealed class TxnRequest
{
    public List<Compare> Compare { get; set; } = [];

    public List<RequestOp> Success { get; set; } = [];

    public List<RequestOp> Failure { get; set; } = [];
}

internal sealed class Compare
{
    public byte[] Key { get; set; } = [];

    /// <summary>CREATE compares create_revision, MOD mod_revision, VALUE the value.</summary>
    public string Target { get; set; } = "CREATE";

    public string Result { get; set; } = "EQUAL";

    public long? CreateRevision { get; set; }

    public long? ModRevision { get; set; }
}

internal sealed class RequestOp
{
    public PutRequest? RequestPut { get; set; }

    public DeleteRangeRequest? RequestDeleteRange { get; set; }
}

internal sealed class TxnResponse
{
    public ResponseHeader? Header { get; set; }

    public bool Succeeded { get; set; }
}

internal sealed class LeaseGrantRequest
{
    [JsonPropertyName("TTL")]
    public long Ttl { get; set; }
}

internal sealed class LeaseIdRequest
{
    [JsonPropertyName("ID")]
    public long Id { get; set; }
}

internal sealed class LeaseResponse
{
    [JsonPropertyName("ID")]
    public long Id { get; set; }

    /// <summary>Seconds left; 0 (absent) when the lease does not exist any more.</summary>
    [JsonPropertyName("TTL")]
    public long Ttl { get; set; }
}

/// <summary>One line of a streaming response: `{"result": ...}` or `{"error": ...}`.</summary>
internal sealed class StreamLine<T>
{
    public T? Result { get; set; }

    public GatewayError? Error { get; set; }
}

internal sealed class GatewayError
{
    public string? Message { get; set; }

    public int Code { get; set; }
}

internal sealed class WatchRequest
{
    public WatchCreateRequest? CreateRequest { get; set; }
}

internal sealed class WatchCreateRequest
{
    public byte[] Key { get; set; } = [];

    public byte[]? RangeEnd { get; set; }

    public long StartRevision { get; set; }
}

internal sealed class WatchResponse
{
    public ResponseHeader? Header { get; set; }

    public bool Created { get; set; }

    public bool Canceled { get; set; }

    public long CompactRevision { get; set; }

    public string? CancelReason { get; set; }

    public List<WatchEvent>? Events { get; set; }
}

internal sealed class WatchEvent
{
    /// <summary>PUT (absent in JSON) or DELETE.</summary>
    public string? Type { get; set; }

    public KeyValue? Kv { get; set; }

    public bool IsDelete => Type == "DELETE";
}
