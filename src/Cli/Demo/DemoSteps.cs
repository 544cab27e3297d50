namespace HumanzCni.Cli.Demo;

/// <summary>Prints each demo step as it happens and remembers whether any failed.</summary>
internal sealed class DemoSteps
{
    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public static void Say(string text) => Console.WriteLine(text);

    /// <summary>Runs one step; its return value is the detail printed after the step's name.</summary>
    public bool Step(string name, Func<string> action)
    {
        try
        {
            var detail = action();
            Passed++;
            Console.WriteLine($"  [ ok ] {name}{(detail.Length > 0 ? ": " + detail : "")}");
            return true;
        }
        catch (Exception e)
        {
            Failed++;
            Console.WriteLine($"  [FAIL] {name}: {e.Message}");
            return false;
        }
    }
}
