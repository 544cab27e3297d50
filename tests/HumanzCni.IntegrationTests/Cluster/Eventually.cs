using System.Diagnostics;

namespace HumanzCni.IntegrationTests.Cluster;

/// <summary>
/// Polls a condition until it holds or a generous deadline passes: for outcomes that converge (a route
/// appears after a watch event). The deadline bounds a hang; it is not a speed assertion.
/// </summary>
public static class Eventually
{
    public static void True(Func<bool> condition, TimeSpan timeout, Func<string> describeFailure)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (condition())
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new Xunit.Sdk.XunitException($"not true after {timeout.TotalSeconds:0}s: {describeFailure()}");
            }

            Thread.Sleep(200);
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
