using System.Net.Sockets;
using System.Threading.Channels;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Routes;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// The one consumer of <see cref="ClusterEvent"/>s: applies each batch to the <see cref="ClusterView"/>,
/// renders the conflist when this node's subnet is (re)acquired, and brings the peer routes in line.
/// Single-threaded by construction, so routes and the conflist are only ever touched from here.
/// </summary>
public sealed class Reconciler(ClusterView view, PeerRoutes routes, AddressFamily family, ConflistTemplate template, ConflistSettings settings, ILogger logger)
{
    public async Task RunAsync(ChannelReader<ClusterEvent> events, CancellationToken cancellation)
    {
        while (await events.WaitToReadAsync(cancellation).ConfigureAwait(false))
        {
            // Everything queued is one batch: a burst of watch events costs one pass over the routes.
            var renderConflist = false;
            while (events.TryRead(out var change))
            {
                renderConflist |= view.Apply(change);
            }

            if (renderConflist)
            {
                try
                {
                    WriteConflist();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                {
                    logger.LogError("cannot write the conflist {Path}: {Reason}", settings.FilePath, e.Message);
                }
            }

            ApplyRoutes();
        }
    }

    /// <summary>Applies changes at once (`--once`): unlike the loop, a conflist that cannot be written is an error.</summary>
    public void ApplyNow(IEnumerable<ClusterEvent> changes)
    {
        var renderConflist = false;
        foreach (var change in changes)
        {
            renderConflist |= view.Apply(change);
        }

        if (renderConflist)
        {
            WriteConflist();
        }

        ApplyRoutes();
    }

    /// <summary>Renders the conflist for this node's subnet into the conf dir (atomically, only when it changed).</summary>
    private void WriteConflist()
    {
        var own = view.Own ?? throw new InvalidOperationException("no subnet held yet");
        var text = template.Render(settings, own.Subnet);
        if (AtomicFile.WriteText(settings.FilePath, text))
        {
            logger.LogInformation("wrote {Path} for subnet {Subnet}", settings.FilePath, own.Subnet);
        }
    }

    /// <summary>One route pass, if the view is complete (never from a partial picture: that would delete good routes).</summary>
    private void ApplyRoutes()
    {
        if (!view.IsComplete)
        {
            return;
        }

        try
        {
            var changes = routes.Reconcile(view.Peers(), family);
            if (changes.Any)
            {
                logger.LogInformation("routes reconciled: {Changes}", changes);
            }
        }
        catch (NetlinkException e)
        {
            logger.LogError("cannot read the node's routes: {Reason}", e.Message);
        }
    }
}
