using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Kubernetes;

/// <summary>
/// Feeds the reconciler from the Kubernetes API: lists the Nodes, then watches them from the list's
/// resourceVersion, with bookmarks so that a reconnect resumes close to now. After every change it maps all
/// known Nodes again (<see cref="NodeSubnets"/>: whether a podCIDR overlaps depends on every node) and posts
/// what changed: this node's subnet, and the peer records that came, changed or went. A watch that ends or
/// breaks resumes from the last resourceVersion after a short backoff; a 410 Gone (too old) lists again.
/// While the API server is unreachable the reconciler keeps what it has, exactly as during an etcd outage.
/// Every failed call (or broken watch) is counted as a store error.
/// </summary>
internal sealed class NodeWatcher(NodeApi api, string nodeName, SourceMetrics metrics, ILogger logger)
{
    private readonly Dictionary<string, V1Node> _nodes = new(StringComparer.Ordinal);
    private readonly LeftOutWarnings _warnings = new(logger);

    /// <summary>The peer records last posted; null after a list, so that the next post is a whole snapshot.</summary>
    private Dictionary<string, NodeRecord>? _posted;

    /// <summary>This node as last seen: if its Node is deleted, its subnet and the routes stay until it is back.</summary>
    private V1Node? _own;

    private IReadOnlyList<NodeRecord>? _ownPosted;
    private Wait? _waiting;

    /// <summary>Why the API server was last unreachable; null while it answers.</summary>
    private string? _failure;

    public async Task RunAsync(ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        string? resourceVersion = null;
        var listed = false;
        while (!cancellation.IsCancellationRequested)
        {
            var streaming = false;
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await ListAsync(events, cancellation).ConfigureAwait(false);
                    listed = true;
                    Reachable();
                }

                await foreach (var change in api.WatchAsync(resourceVersion, cancellation).ConfigureAwait(false))
                {
                    if (!streaming)
                    {
                        streaming = true;
                        backoff.Reset();
                        Reachable();
                    }

                    resourceVersion = await ApplyAsync(change, resourceVersion, events, cancellation).ConfigureAwait(false);
                    if (resourceVersion is null)
                    {
                        break;
                    }
                }
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
            {
                logger.LogResourceVersionGone(resourceVersion);
                resourceVersion = null;
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested && e is HttpRequestException or IOException or HttpOperationException or KubernetesException or JsonException or OperationCanceledException)
            {
                // Keep routes as they are: the node still knows where its peers were.
                metrics.StoreError();
                if (streaming)
                {
                    logger.LogWatchBroke(Reason(e), resourceVersion);
                }
                else if (_failure != Reason(e))
                {
                    _failure = Reason(e);
                    if (listed)
                    {
                        logger.LogApiServerLost(api.Host, _failure);
                    }
                    else
                    {
                        logger.LogApiServerUnreachable(api.Host, _failure);
                    }
                }
            }

            await backoff.DelayAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>"An error occurred while sending the request." says little: the messages of the exceptions it wraps, too.</summary>
    private static string Reason(Exception e)
    {
        var messages = new List<string>();
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (!messages.Contains(inner.Message))
            {
                messages.Add(inner.Message);
            }
        }

        return string.Join(": ", messages);
    }

    /// <summary>After a list or the first event of a watch: says so once if the API server had been unreachable.</summary>
    private void Reachable()
    {
        if (_failure is not null)
        {
            logger.LogApiServerReachable(api.Host);
            _failure = null;
        }
    }

    /// <summary>Lists every Node, posts the whole picture, returns the list's resourceVersion.</summary>
    private async Task<string> ListAsync(ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        var list = await api.ListAsync(cancellation).ConfigureAwait(false);
        _nodes.Clear();
        foreach (var node in list.Items ?? [])
        {
            if (node.Metadata?.Name is { } name)
            {
                _nodes[name] = node;
            }
        }

        _posted = null;
        await PublishAsync(events, cancellation).ConfigureAwait(false);
        var version = list.Metadata?.ResourceVersion ?? string.Empty;
        logger.LogNodesListed(_nodes.Count, api.Host, version);
        return version;
    }

    /// <summary>Applies one watch event; returns the resourceVersion to resume from, or null when the watch must list again (410).</summary>
    private async Task<string?> ApplyAsync(NodeWatchEvent change, string resourceVersion, ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        switch (change)
        {
            case { Type: NodeWatchEvent.Error, Status: var status }:
                if (status?.Code == (int)HttpStatusCode.Gone)
                {
                    logger.LogResourceVersionTooOld(resourceVersion, status.Message);
                    return null;
                }

                throw new KubernetesException(status);
            case { Type: NodeWatchEvent.Added or NodeWatchEvent.Modified, Node.Metadata.Name: { } name }:
                _nodes[name] = change.Node;
                break;
            case { Type: NodeWatchEvent.Deleted, Node.Metadata.Name: { } name }:
                _nodes.Remove(name);
                break;
            case { Type: NodeWatchEvent.Bookmark }:
                return change.Node?.Metadata?.ResourceVersion ?? resourceVersion;
            default:
                logger.LogWatchEventIgnored(change.Type);
                return resourceVersion;
        }

        await PublishAsync(events, cancellation).ConfigureAwait(false);
        return change.Node.Metadata.ResourceVersion ?? resourceVersion;
    }

    /// <summary>Maps the Nodes and posts what changed; nothing until this node's Node with a podCIDR has been seen.</summary>
    private async Task PublishAsync(ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        if (_nodes.TryGetValue(nodeName, out var own))
        {
            _own = own;
        }
        else if (_own is null)
        {
            Waiting(Wait.NotRegistered);
            return;
        }
        else
        {
            Waiting(Wait.Deleted);
        }

        var subnets = NodeSubnets.Map(_own, _nodes.Values);
        _warnings.Report(subnets.Warnings);
        if (subnets.Own.Count == 0)
        {
            Waiting(Wait.NoPodCidrs);
            return;
        }

        if (own is not null)
        {
            _waiting = null;
        }

        if (_ownPosted is null || !subnets.Own.SequenceEqual(_ownPosted))
        {
            _ownPosted = subnets.Own;
            logger.LogOwnSubnets(nodeName, string.Join(", ", subnets.Own.Select(s => s.Subnet)));
            await events.WriteAsync(new OwnSubnetHeld(_ownPosted), cancellation).ConfigureAwait(false);
        }

        foreach (var change in Changes(subnets.Peers))
        {
            await events.WriteAsync(change, cancellation).ConfigureAwait(false);
        }

        _posted = new Dictionary<string, NodeRecord>(subnets.Peers, StringComparer.Ordinal);
    }

    /// <summary>A snapshot after a list, otherwise one <see cref="NodeChanged"/> per record that came, changed or went.</summary>
    private List<ClusterEvent> Changes(IReadOnlyDictionary<string, NodeRecord> peers)
    {
        if (_posted is null)
        {
            return [new ClusterSnapshot(peers)];
        }

        var changes = new List<ClusterEvent>();
        foreach (var (key, record) in peers)
        {
            if (!_posted.TryGetValue(key, out var before) || before != record)
            {
                changes.Add(new NodeChanged(key, record));
            }
        }

        changes.AddRange(_posted.Keys.Where(key => !peers.ContainsKey(key)).Select(key => new NodeChanged(key, null)));
        return changes;
    }

    /// <summary>Logs a wait once, not on every event while it lasts.</summary>
    private void Waiting(Wait wait)
    {
        if (_waiting == wait)
        {
            return;
        }

        _waiting = wait;
        switch (wait)
        {
            case Wait.NotRegistered:
                logger.LogNodeNotRegistered(nodeName);
                break;
            case Wait.Deleted:
                logger.LogNodeDeleted(nodeName);
                break;
            default:
                logger.LogNoPodCidrs(nodeName);
                break;
        }
    }

    /// <summary>What this node waits for before it can post its own subnets.</summary>
    private enum Wait
    {
        NotRegistered,
        Deleted,
        NoPodCidrs,
    }
}
