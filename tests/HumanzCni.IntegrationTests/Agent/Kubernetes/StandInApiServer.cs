using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HumanzCni.IntegrationTests.Agent.Kubernetes;

/// <summary>
/// A stand-in for kube-apiserver's Nodes API, as the API conventions describe it, served by Kestrel on a socket
/// made inside a test namespace (so the agent reaches it over the underlay):
/// GET /api/v1/nodes is a NodeList with metadata.resourceVersion; with ?watch=true&amp;resourceVersion=N it
/// streams newline-delimited watch events (ADDED, MODIFIED, DELETED; BOOKMARK when allowWatchBookmarks=true)
/// after N, or, when N is older than the history kept (<see cref="CompactWhileDisconnected"/>), one ERROR event with a 410 Gone
/// Status. The test changes Nodes (<see cref="Put"/>, <see cref="Delete"/>), breaks open watches
/// (<see cref="DropWatches"/>) and stops and starts the server (an outage) while its Nodes stay.
/// </summary>
internal sealed class StandInApiServer : IAsyncDisposable
{
    public const int Port = 6443;

    /// <summary>Its host on the cluster's underlay (<see cref="TestCluster.AddHost"/>): 200.0.0.3.</summary>
    public const int HostNumber = 3;

    private const string Address = "200.0.0.3";

    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly TestNamespace _host;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _nodes = new(StringComparer.Ordinal);
    private readonly List<(long Version, string Line)> _history = [];
    private readonly List<Watch> _watches = [];
    private readonly List<string> _requests = [];
    private long _version = 100;
    private long _oldestKept = 100;
    private WebApplication? _app;

    public StandInApiServer(TestNamespace host)
    {
        _host = host;
    }

    public string Url => $"http://{Address}:{Port}";

    /// <summary>Every request's path and query so far.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public int Lists => Requests.Count(r => r == "/api/v1/nodes" || (r.StartsWith("/api/v1/nodes?", StringComparison.Ordinal) && !r.Contains("watch=true", StringComparison.Ordinal)));

    /// <summary>A kubeconfig pointing at this server (plain http, a token the stand-in ignores).</summary>
    public string WriteKubeconfig(string directory)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: stand-in
              cluster:
                server: {Url}
            users:
            - name: agent
              user:
                token: stand-in-token
            contexts:
            - name: stand-in
              context:
                cluster: stand-in
                user: agent
            current-context: stand-in
            """);
        return path;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint => _host.Handle.Run(() =>
        {
            // Created inside the host namespace: the socket listens there, whatever thread serves it.
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(endpoint);
            return socket;
        }));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(Address), Port));
        var app = builder.Build();
        app.MapGet("/api/v1/nodes", ServeNodesAsync);
        await app.StartAsync().ConfigureAwait(false);
        _app = app;
    }

    /// <summary>Stops serving (watches break, connections are refused) and keeps the Nodes and history.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            DropWatches();
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Creates or replaces a Node (ADDED or MODIFIED): its podCIDRs and InternalIPs; created <paramref name="createdSecond"/> after an epoch.</summary>
    public void Put(string name, string[] podCidrs, string[] internalIps, int createdSecond = 0)
    {
        lock (_lock)
        {
            var type = _nodes.ContainsKey(name) ? "MODIFIED" : "ADDED";
            var node = Node(name, podCidrs, internalIps, createdSecond, ++_version);
            _nodes[name] = node;
            Publish(type, node);
        }
    }

    public void Delete(string name)
    {
        lock (_lock)
        {
            if (_nodes.Remove(name, out var node))
            {
                node["metadata"]!["resourceVersion"] = $"{++_version}";
                Publish("DELETED", node);
            }
        }
    }

    /// <summary>
    /// Other objects changed (the resourceVersion moves on, no Node event) and a BOOKMARK with the new version goes
    /// to every watch that allows them: a watcher that takes it resumes from there.
    /// </summary>
    public void Bookmark()
    {
        lock (_lock)
        {
            var line = Event("BOOKMARK", new JsonObject { ["kind"] = "Node", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = $"{++_version}" } });
            foreach (var watch in _watches.Where(w => w.Bookmarks))
            {
                watch.Lines.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>
    /// At once: breaks every watch, applies <paramref name="change"/> (none of it reaches a watcher) and forgets the
    /// history up to now, as etcd's compaction does: a watch resumed from any earlier resourceVersion gets 410 Gone.
    /// </summary>
    public void CompactWhileDisconnected(Action change)
    {
        lock (_lock)
        {
            DropWatches();
            change();
            _history.Clear();
            _oldestKept = _version;
        }
    }

    /// <summary>Breaks every open watch connection, as a restarting API server or a broken network does.</summary>
    public void DropWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Context.Abort();
            }

            _watches.Clear();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static JsonObject Node(string name, string[] podCidrs, string[] internalIps, int createdSecond, long version) => new()
    {
        ["kind"] = "Node",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["uid"] = $"uid-{name}",
            ["resourceVersion"] = $"{version}",
            ["creationTimestamp"] = Epoch.AddSeconds(createdSecond).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        },
        ["spec"] = podCidrs.Length == 0
            ? new JsonObject()
            : new JsonObject { ["podCIDR"] = podCidrs[0], ["podCIDRs"] = new JsonArray([.. podCidrs.Select(c => (JsonNode)c)]) },
        ["status"] = new JsonObject
        {
            ["addresses"] = new JsonArray(
            [
                .. internalIps.Select(ip => (JsonNode)new JsonObject { ["type"] = "InternalIP", ["address"] = ip }),
                new JsonObject { ["type"] = "Hostname", ["address"] = name },
            ]),
        },
    };

    private static string Event(string type, JsonNode body) => new JsonObject { ["type"] = type, ["object"] = body }.ToJsonString() + "\n";

    private static string Gone(long requested, long oldest) => Event("ERROR", new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"too old resource version: {requested} ({oldest})",
        ["reason"] = "Expired",
        ["code"] = 410,
    });

    /// <summary>Records the change and hands it to every open watch. Called under the lock.</summary>
    private void Publish(string type, JsonObject node)
    {
        var line = Event(type, node.DeepClone());
        _history.Add((_version, line));
        foreach (var watch in _watches)
        {
            watch.Lines.Writer.TryWrite(line);
        }
    }

    private async Task ServeNodesAsync(HttpContext context)
    {
        var query = context.Request.Query;
        lock (_lock)
        {
            _requests.Add($"{context.Request.Path}{context.Request.QueryString}");
        }

        context.Response.ContentType = "application/json";
        if (query["watch"] is ["true" or "1"])
        {
            await WatchAsync(context, query).ConfigureAwait(false);
            return;
        }

        string list;
        lock (_lock)
        {
            list = new JsonObject
            {
                ["kind"] = "NodeList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = $"{_version}" },
                ["items"] = new JsonArray([.. _nodes.Values.Select(n => n.DeepClone())]),
            }.ToJsonString();
        }

        await context.Response.WriteAsync(list).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, IQueryCollection query)
    {
        var watch = new Watch(context, query["allowWatchBookmarks"] is ["true"]);
        var from = long.TryParse(query["resourceVersion"], CultureInfo.InvariantCulture, out var version) ? version : 0;
        lock (_lock)
        {
            if (from == 0)
            {
                // "Any" resourceVersion: the current state as ADDED events, then the changes.
                foreach (var node in _nodes.Values)
                {
                    watch.Lines.Writer.TryWrite(Event("ADDED", node.DeepClone()));
                }
            }
            else if (from < _oldestKept)
            {
                watch.Lines.Writer.TryWrite(Gone(from, _oldestKept));
                watch.Lines.Writer.Complete();
            }
            else
            {
                foreach (var (_, line) in _history.Where(h => h.Version > from))
                {
                    watch.Lines.Writer.TryWrite(line);
                }
            }

            if (from == 0 || from >= _oldestKept)
            {
                _watches.Add(watch);
            }
        }

        await context.Response.StartAsync().ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        try
        {
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), timeout.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The watch's timeout, or the connection went away.
        }
        finally
        {
            lock (_lock)
            {
                _watches.Remove(watch);
            }
        }
    }

    /// <summary>One open watch: its connection and the lines still to send.</summary>
    private sealed record Watch(HttpContext Context, bool Bookmarks)
    {
        public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();
    }
}
