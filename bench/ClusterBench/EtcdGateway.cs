using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using HumanzCni.Testbed;

namespace HumanzCni.ClusterBench;

/// <summary>
/// etcd's JSON gateway (/v3/...) reached from the bench process: every connection is a socket created on the etcd
/// host namespace's thread (so it lives there), handed to HttpClient. Used to write many leases in a few
/// transactions, which neither etcdctl (one process per put) nor the agent's EtcdClient (one key per txn) does.
/// </summary>
internal sealed class EtcdGateway : IDisposable
{
    /// <summary>etcd refuses a transaction of more than --max-txn-ops (128 by default) operations.</summary>
    private const int OpsPerTransaction = 100;

    private readonly HttpClient _http;

    public EtcdGateway(TestNamespace host)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = host.Handle.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port), cancellation).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri($"http://{TestCluster.EtcdAddress}:{EtcdServer.ClientPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A new lease of <paramref name="ttlSeconds"/>: its id.</summary>
    public long GrantLease(int ttlSeconds) =>
        long.Parse(Call("/v3/lease/grant", new JsonObject { ["TTL"] = ttlSeconds })["ID"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Ends a lease now: etcd deletes its keys in one revision, as when a node's lease expires.</summary>
    public void RevokeLease(long lease) => Call("/v3/lease/revoke", new JsonObject { ["ID"] = lease });

    /// <summary>Puts every key, attached to <paramref name="lease"/>, in as few transactions as etcd accepts.</summary>
    public void PutAll(IReadOnlyList<(string Key, byte[] Value)> entries, long lease)
    {
        foreach (var chunk in entries.Chunk(OpsPerTransaction))
        {
            var success = new JsonArray();
            foreach (var (key, value) in chunk)
            {
                JsonNode put = new JsonObject
                {
                    ["request_put"] = new JsonObject { ["key"] = Base64(Encoding.UTF8.GetBytes(key)), ["value"] = Base64(value), ["lease"] = lease },
                };
                success.Add(put);
            }

            Call("/v3/kv/txn", new JsonObject { ["success"] = success });
        }
    }

    /// <summary>The agents' subnet leases (keys under /humanz-cni/subnets/): node name -> subnet, from each lease's JSON.</summary>
    public Dictionary<string, string> Leases()
    {
        const string prefix = "/humanz-cni/subnets/";
        // The range end of a prefix: the prefix with its last byte incremented ('/' + 1 = '0').
        var range = Call("/v3/kv/range", new JsonObject { ["key"] = Base64(Encoding.UTF8.GetBytes(prefix)), ["range_end"] = Base64(Encoding.UTF8.GetBytes(prefix[..^1] + "0")) });
        var leases = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in range["kvs"]?.AsArray() ?? [])
        {
            var record = JsonNode.Parse(Convert.FromBase64String(kv!["value"]!.GetValue<string>()))!;
            leases[record["name"]!.GetValue<string>()] = record["subnet"]!.GetValue<string>();
        }

        return leases;
    }

    public void Dispose() => _http.Dispose();

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    private JsonNode Call(string path, JsonObject request)
    {
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = _http.PostAsync(new Uri(path, UriKind.Relative), content).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"etcd {path}: {(int)response.StatusCode} {body}");
        }

        return JsonNode.Parse(body) ?? throw new InvalidOperationException($"etcd {path}: empty answer");
    }
}
