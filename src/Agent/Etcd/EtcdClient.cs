using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HumanzCni.Agent.Etcd;

/// <summary>
/// A small client for etcd's v3 HTTP/JSON gateway (the API etcd 3.4 serves on its client URLs under /v3/):
/// the range, put, txn, lease and watch calls the agent needs. Each unary call tries the endpoints in
/// order until one answers; failures of every endpoint throw <see cref="EtcdException"/>.
/// </summary>
internal sealed class EtcdClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _endpoints;
    private readonly TimeSpan _requestTimeout;

    public EtcdClient(IReadOnlyList<Uri> endpoints, TimeSpan requestTimeout)
    {
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("at least one etcd endpoint is needed", nameof(endpoints));
        }

        _endpoints = endpoints;
        _requestTimeout = requestTimeout;
        // Timeouts are per call (watches stream forever); a dead connection must not be reused after etcd restarts.
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = requestTimeout,
            ConnectCallback = ConnectWithKeepAliveAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string Describe() => string.Join(',', _endpoints);

    /// <summary>`etcdctl get KEY` or, with <paramref name="rangeEnd"/>, every key in [KEY, rangeEnd).</summary>
    public Task<RangeResponse> RangeAsync(byte[] key, byte[]? rangeEnd, CancellationToken cancellation) =>
        CallAsync("/v3/kv/range", new RangeRequest { Key = key, RangeEnd = rangeEnd }, EtcdJsonContext.Default.RangeRequest, EtcdJsonContext.Default.RangeResponse, cancellation);

    /// <summary>Every key under <paramref name="prefix"/> (`etcdctl get --prefix`), with the store's revision at the time.</summary>
    public Task<RangeResponse> RangePrefixAsync(string prefix, CancellationToken cancellation) =>
        RangeAsync(EtcdKeys.Bytes(prefix), EtcdKeys.PrefixEnd(prefix), cancellation);

    /// <summary>Puts the key only if it does not exist (create_revision == 0), attached to a lease. False when someone else holds it.</summary>
    public async Task<bool> CreateAsync(byte[] key, byte[] value, long lease, CancellationToken cancellation)
    {
        var request = new TxnRequest
        {
            Compare = [new Compare { Key = key, Target = "CREATE", Result = "EQUAL", CreateRevision = 0 }],
            Success = [new RequestOp { RequestPut = new PutRequest { Key = key, Value = value, Lease = lease } }],
        };
        var response = await CallAsync("/v3/kv/txn", request, EtcdJsonContext.Default.TxnRequest, EtcdJsonContext.Default.TxnResponse, cancellation).ConfigureAwait(false);
        return response.Succeeded;
    }

    /// <summary>Overwrites the key only if it was not modified since <paramref name="modRevision"/>. False when it changed or is gone.</summary>
    public async Task<bool> UpdateAsync(byte[] key, byte[] value, long lease, long modRevision, CancellationToken cancellation)
    {
        var request = new TxnRequest
        {
            Compare = [new Compare { Key = key, Target = "MOD", Result = "EQUAL", ModRevision = modRevision }],
            Success = [new RequestOp { RequestPut = new PutRequest { Key = key, Value = value, Lease = lease } }],
        };
        var response = await CallAsync("/v3/kv/txn", request, EtcdJsonContext.Default.TxnRequest, EtcdJsonContext.Default.TxnResponse, cancellation).ConfigureAwait(false);
        return response.Succeeded;
    }

    /// <summary>`etcdctl lease grant TTL`: the new lease's id.</summary>
    public async Task<long> GrantLeaseAsync(int ttlSeconds, CancellationToken cancellation)
    {
        var response = await CallAsync("/v3/lease/grant", new LeaseGrantRequest { Ttl = ttlSeconds }, EtcdJsonContext.Default.LeaseGrantRequest, EtcdJsonContext.Default.LeaseResponse, cancellation).ConfigureAwait(false);
        return response.Id;
    }

    /// <summary>One keep-alive of a lease: the seconds it has left, 0 when it no longer exists.</summary>
    /// <remarks>The gateway maps the bidirectional stream to one request in, one `{"result": ...}` line out.</remarks>
    public async Task<long> KeepAliveAsync(long lease, CancellationToken cancellation)
    {
        var line = await CallAsync("/v3/lease/keepalive", new LeaseIdRequest { Id = lease }, EtcdJsonContext.Default.LeaseIdRequest, EtcdJsonContext.Default.StreamLineLeaseResponse, cancellation).ConfigureAwait(false);
        if (line.Error is { } error)
        {
            throw new EtcdException($"lease keep-alive refused: {error.Message}");
        }

        return line.Result?.Ttl ?? 0;
    }

    /// <summary>`etcdctl lease revoke ID`: the lease ends now and its keys are deleted.</summary>
    public Task RevokeLeaseAsync(long lease, CancellationToken cancellation) =>
        CallAsync("/v3/lease/revoke", new LeaseIdRequest { Id = lease }, EtcdJsonContext.Default.LeaseIdRequest, EtcdJsonContext.Default.LeaseResponse, cancellation);

    /// <summary>
    /// Watches every key under <paramref name="prefix"/> from <paramref name="startRevision"/> and hands each
    /// response to <paramref name="onResponse"/>, until the stream ends (etcd went away: throws) or is cancelled.
    /// </summary>
    public async Task WatchPrefixAsync(string prefix, long startRevision, Func<WatchResponse, ValueTask> onResponse, CancellationToken cancellation)
    {
        var request = new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = EtcdKeys.Bytes(prefix), RangeEnd = EtcdKeys.PrefixEnd(prefix), StartRevision = startRevision },
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(request, EtcdJsonContext.Default.WatchRequest);
        using var response = await SendAsync("/v3/watch", body, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        using var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { } text)
        {
            if (text.Length == 0)
            {
                continue;
            }

            var line = JsonSerializer.Deserialize(text, EtcdJsonContext.Default.StreamLineWatchResponse);
            if (line?.Error is { } error)
            {
                throw new EtcdException($"watch failed: {error.Message}");
            }

            if (line?.Result is { } result)
            {
                await onResponse(result).ConfigureAwait(false);
            }
        }

        throw new EtcdException("the watch stream ended");
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// Connects with TCP keep-alive probes after 5 s idle: a watch only receives, so without them a peer that
    /// vanished without a FIN or RST (host gone, network cut) would leave the watch waiting forever.
    /// </summary>
    private static async ValueTask<Stream> ConnectWithKeepAliveAsync(SocketsHttpConnectionContext context, CancellationToken cancellation)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 5);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 2);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            await socket.ConnectAsync(context.DnsEndPoint, cancellation).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task<TResponse> CallAsync<TRequest, TResponse>(string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellation)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await SendAsync(path, body, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return JsonSerializer.Deserialize(content, responseType) ?? throw new EtcdException($"etcd answered {path} with null");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new EtcdException($"etcd ({Describe()}) did not answer {path} within {_requestTimeout.TotalSeconds:0.#}s");
        }
        catch (JsonException e)
        {
            throw new EtcdException($"etcd's answer to {path} is not what the v3 gateway sends: {e.Message}", e);
        }
    }

    /// <summary>POSTs to the first endpoint that answers with success; an HTTP error status from etcd is a refusal, not a reason to try the next.</summary>
    private async Task<HttpResponseMessage> SendAsync(string path, byte[] body, HttpCompletionOption completion, CancellationToken cancellation)
    {
        var failures = new List<string>();
        foreach (var endpoint in _endpoints)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, path)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = Json;
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                failures.Add($"{endpoint}: {e.Message}");
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                response.Dispose();
                throw new EtcdException($"etcd {endpoint} refused {path}: {(int)response.StatusCode} {Describe(text)}");
            }

            return response;
        }

        throw new EtcdException($"no etcd endpoint answered {path}: {string.Join("; ", failures)}");
    }

    /// <summary>The gateway's error message out of its JSON error body, or the body itself.</summary>
    private static string Describe(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, EtcdJsonContext.Default.GatewayError)?.Message ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
