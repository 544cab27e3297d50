using System.Threading.Channels;
using HumanzCni.Agent.Cluster;
using HumanzCni.Agent.Health;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Agent.Hosting;

/// <summary>The periodic side of reconciling, and how the agent's concurrent loops end together.</summary>
internal static class AgentLoops
{
    /// <summary>Posts a <see cref="ReconcileTick"/> every period, so drift (a route deleted by hand) is repaired without any event.</summary>
    public static async Task TicksAsync(TimeSpan period, ChannelWriter<ClusterEvent> events, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
        {
            await events.WriteAsync(ReconcileTick.Instance, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>The one channel from the sources to the reconciler, its only reader.</summary>
    public static Channel<ClusterEvent> CreateEvents() =>
        Channel.CreateUnbounded<ClusterEvent>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// What every subnet source's agent runs: the reconciler on <paramref name="events"/>, the source loops writing into
    /// it, and with --health-address the health server, until the first of them ends (see <see cref="RunUntilFirstEndsAsync"/>).
    /// </summary>
    public static async Task<int> RunAsync(
        Reconciler reconciler,
        Channel<ClusterEvent> events,
        AgentStatus status,
        AgentOptions options,
        ILogger logger,
        CancellationToken cancellation,
        params Func<ChannelWriter<ClusterEvent>, CancellationToken, Task>[] sources)
    {
        using var health = HealthServer.StartIfAsked(options.HealthAddress, status, logger);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        List<Task> tasks = [reconciler.RunAsync(events.Reader, stop.Token), .. sources.Select(source => source(events.Writer, stop.Token))];
        if (health is not null)
        {
            tasks.Add(health.RunAsync(stop.Token));
        }

        return await RunUntilFirstEndsAsync([.. tasks], stop, logger).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the first loop to end (they all run until cancelled, so an early end is a failure), stops the
    /// others and waits for them (a lease release happens then). 0 after a requested stop, 1 after a failure.
    /// </summary>
    private static async Task<int> RunUntilFirstEndsAsync(Task[] tasks, CancellationTokenSource stop, ILogger logger)
    {
        var first = await Task.WhenAny(tasks).ConfigureAwait(false);
        var requested = stop.IsCancellationRequested;
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception)
        {
            // Reported below from the task that ended first; the others only followed.
        }

        if (first.Exception?.InnerException is { } failure)
        {
            logger.LogAgentFailed(failure.Message);
            return 1;
        }

        logger.LogAgentStopped();
        return requested ? 0 : 1;
    }
}
