using System.Diagnostics;

namespace HumanzCni.Testbed;

/// <summary>
/// Polls a condition until it holds or a generous deadline passes: for outcomes that converge (a route
/// appears after a watch event). The deadline bounds a hang; it is not a speed assertion.
/// Used by the testbed itself (etcd healthy, a conflist rendered) and by the tests.
/// </summary>
public static class Eventually
{
    /// <summary>Waits until <paramref name="condition"/> holds; <paramref name="cancellation"/> ends the wait early (the demo's Ctrl-C).</summary>
    public static void True(Func<bool> condition, TimeSpan timeout, Func<string> describeFailure, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (condition())
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"not true after {timeout.TotalSeconds:0}s: {describeFailure()}");
            }

            cancellation.WaitHandle.WaitOne(200);
        }
    }

    /// <summary>Waits for <paramref name="read"/> to produce a non-null value and returns it.</summary>
    public static T Value<T>(Func<T?> read, TimeSpan timeout, Func<string> describeFailure)
        where T : class
    {
        T? value = null;
        True(() => (value = read()) is not null, timeout, describeFailure);
        return value!;
    }
}
