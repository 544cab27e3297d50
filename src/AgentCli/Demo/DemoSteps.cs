namespace HumanzCni.AgentCli.Demo;

/// <summary>
/// Prints each demo step as it happens and remembers whether any failed. Once <paramref name="interrupted"/>
/// fires (Ctrl-C, SIGTERM) no further step starts: the demo goes straight to its clean-up.
/// </summary>
internal sealed class DemoSteps(CancellationToken interrupted)
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public CancellationToken Interrupted => interrupted;

    public static void Say(string text) => Console.WriteLine(text);

    /// <summary>
    /// Runs one step; its return value is the detail printed after the step's name. False when it failed.
    /// Clean-up steps pass <paramref name="evenIfInterrupted"/>: after Ctrl-C the pods are still DELed properly.
    /// </summary>
    public bool Step(string name, Func<string> action, bool evenIfInterrupted = false)
    {
        if (!evenIfInterrupted)
        {
            interrupted.ThrowIfCancellationRequested();
        }

        try
        {
            var detail = action();
            Passed++;
            Console.WriteLine($"  [ ok ] {name}{(detail.Length > 0 ? ": " + detail : "")}");
            return true;
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            Failed++;
            Console.WriteLine($"  [FAIL] {name}: {e.Message}");
            return false;
        }
    }

    /// <summary>A step whose failure makes the rest pointless: stops the play (the clean-up still runs).</summary>
    public void Require(string name, Func<string> action)
    {
        if (!Step(name, action))
        {
            throw new DemoAbortedException(name);
        }
    }
}
