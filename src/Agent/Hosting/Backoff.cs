namespace HumanzCni.Agent.Hosting;

/// <summary>Waits between retries, doubling from the first delay up to a maximum; Reset after a success.</summary>
internal sealed class Backoff
{
    private readonly TimeSpan _first;
    private readonly TimeSpan _max;

    public Backoff(TimeSpan first, TimeSpan max)
    {
        _first = first;
        _max = max;
        Next = first;
    }

    /// <summary>The delay the next <see cref="DelayAsync"/> waits.</summary>
    public TimeSpan Next { get; private set; }

    public async Task DelayAsync(CancellationToken cancellation)
    {
        var delay = Next;
        Next = TimeSpan.FromTicks(Math.Min(_max.Ticks, Next.Ticks * 2));
        await Task.Delay(delay, cancellation).ConfigureAwait(false);
    }

    public void Reset() => Next = _first;
}
