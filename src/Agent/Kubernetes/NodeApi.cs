using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace HumanzCni.Agent.Kubernetes;

/// <summary>Lists and watches Nodes through the official client (read only: what RBAC's nodes list/watch allows).</summary>
internal sealed class NodeApi : IDisposable
{
    /// <summary>Asked of the API server for every watch, as client-go's reflectors do (they pick 5 to 10 minutes).</summary>
    public static readonly TimeSpan WatchTimeout = TimeSpan.FromMinutes(5);

    /// <summary>A watch the server did not end this long after its timeout is taken as a dead connection and ended here.</summary>
    private static readonly TimeSpan WatchGrace = TimeSpan.FromSeconds(30);

    private readonly StreamingKubernetes _client;

    public NodeApi(KubernetesClientConfiguration config)
    {
        _client = new StreamingKubernetes(config);
        Host = config.Host;
    }

    /// <summary>The API server's URL, for the log.</summary>
    public string Host { get; }

    /// <summary>Every Node, and the list's resourceVersion to watch from.</summary>
    public async Task<V1NodeList> ListAsync(CancellationToken cancellation) =>
        await _client.CoreV1.ListNodeAsync(cancellationToken: cancellation).ConfigureAwait(false);

    /// <summary>
    /// The changes after <paramref name="resourceVersion"/>, with bookmarks, until the server ends the watch
    /// (its timeout, or an ERROR event) or the connection breaks (an <see cref="IOException"/> or <see cref="HttpRequestException"/>).
    /// </summary>
    public async IAsyncEnumerable<NodeWatchEvent> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(WatchTimeout + WatchGrace);
        using var response = await _client.CoreV1.ListNodeWithHttpMessagesAsync(
            allowWatchBookmarks: true,
            resourceVersion: resourceVersion,
            timeoutSeconds: (int)WatchTimeout.TotalSeconds,
            watch: true,
            cancellationToken: deadline.Token).ConfigureAwait(false);
        using var reader = new StreamReader(await response.Response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false));
        while (await ReadLineAsync(reader, deadline.Token, cancellation).ConfigureAwait(false) is { } line)
        {
            if (line.Length > 0)
            {
                yield return NodeWatchEvent.Parse(line);
            }
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The next line; null at the end of the stream or when the watch's own deadline passed.</summary>
    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken deadline, CancellationToken cancellation)
    {
        try
        {
            return await reader.ReadLineAsync(deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
    }
}
