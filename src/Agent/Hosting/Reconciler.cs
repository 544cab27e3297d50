using System.Threading.Channels;
using HumanzCni.Agent.Backends;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Conflist;
using HumanzCni.Agent.Health;
using HumanzCni.Agent.Routes;
using HumanzCni.Netlink;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// The one consumer of <see cref="ClusterEvent"/>s: applies each batch to the <see cref="ClusterView"/>,
/// renders the conflist when this node's subnet is (re)acquired, and has the <see cref="IPeerBackend"/> (host-gw
/// routes or the VXLAN overlay) bring the node's kernel state in line with the peers.
/// Single-threaded by construction, so routes and the conflist are only ever touched from here. Every
/// pass is reported to <see cref="AgentStatus"/> (outcome, duration, routes owned) for health and metrics.
/// </summary>
internal sealed class Reconciler(ClusterView view, IPeerBackend backend, ConflistTemplate template, ConflistSettings settings, AgentStatus status, ILogger logger)
{
    /// <summary>Set when this node's subnet was (re)acquired, cleared once the conflist is written: a failed write is retried at the next pass.</summary>
    private bool _conflistPending;

    public async Task RunAsync(ChannelReader<ClusterEvent> events, CancellationToken cancellation)
    {
        while (await events.WaitToReadAsync(cancellation).ConfigureAwait(false))
        {
            // Everything queued is one batch: a burst of watch events costs one pass over the routes.
            while (events.TryRead(out var change))
            {
                _conflistPending |= view.Apply(change);
            }

            _ = Pass();
        }
    }

    /// <summary>
    /// Applies changes at once (`--once`): unlike the loop, a conflist that cannot be written is an error. Returns the
    /// pass's outcome, so a pass the kernel refused in part (a route, the VXLAN device) fails the command.
    /// </summary>
    public ReconcileOutcome ApplyNow(IEnumerable<ClusterEvent> changes)
    {
        foreach (var change in changes)
        {
            _conflistPending |= view.Apply(change);
        }

        if (_conflistPending)
        {
            WriteConflist();
        }

        return Pass();
    }

    /// <summary>One pass, timed and recorded.</summary>
    private ReconcileOutcome Pass()
    {
        var started = status.Clock.GetTimestamp();
        var outcome = Reconcile();
        status.Record(outcome, status.Clock.GetElapsedTime(started));
        return outcome;
    }

    /// <summary>The conflist if pending, then the routes; a failure outranks waiting, waiting outranks success.</summary>
    private ReconcileOutcome Reconcile()
    {
        string? conflistProblem = null;
        if (_conflistPending)
        {
            try
            {
                WriteConflist();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                logger.LogConflistWriteFailed(settings.FilePath, e.Message);
                conflistProblem = $"cannot write the conflist {settings.FilePath}: {e.Message}";
            }
        }

        if (!view.IsComplete)
        {
            // Never route from a partial picture: that would delete good routes.
            return conflistProblem is not null
                ? ReconcileOutcome.Failure(conflistProblem, null)
                : ReconcileOutcome.Waiting(view.Own.Count == 0 ? "waiting for this node's subnet and the cluster's nodes" : "waiting for the cluster's nodes", null);
        }

        RouteChanges changes;
        try
        {
            changes = backend.Reconcile(view.Own, view.Peers());
        }
        catch (NetlinkException e)
        {
            logger.LogRoutesUnreadable(e.Message);
            return ReconcileOutcome.Failure($"cannot read the node's routes: {e.Message}", null);
        }

        if (changes.Any)
        {
            logger.LogRoutesReconciled(changes);
        }

        if (conflistProblem is not null)
        {
            return ReconcileOutcome.Failure(conflistProblem, changes.Owned);
        }

        if (changes.Failures.Count > 0)
        {
            var more = changes.Failures.Count > 1 ? $" (and {changes.Failures.Count - 1} more)" : "";
            return ReconcileOutcome.Failure(changes.Failures[0] + more, changes.Owned);
        }

        return view.Own.Count == 0
            ? ReconcileOutcome.Waiting("waiting for this node's subnet", changes.Owned)
            : new ReconcileOutcome(ReconcileResult.Success, null, changes.Owned);
    }

    /// <summary>Renders the conflist for this node's subnets (one per family) into the conf dir (atomically, only when it changed).</summary>
    private void WriteConflist()
    {
        var own = view.Own.Count > 0 ? view.Own : throw new InvalidOperationException("no subnet held yet");
        // The backend's MTU (VXLAN: the underlay's minus the encapsulation) unless --mtu was given.
        var podSettings = settings.MtuGiven ? settings : settings with { Mtu = backend.PodMtu(own) ?? settings.Mtu };
        var subnets = own.Select(o => o.Subnet).ToList();
        var text = template.Render(podSettings, subnets);
        if (AtomicFile.WriteText(settings.FilePath, text))
        {
            logger.LogConflistWritten(settings.FilePath, string.Join(", ", subnets), podSettings.Mtu);
        }

        _conflistPending = false;
    }
}
