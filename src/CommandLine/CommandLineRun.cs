using System.CommandLine;

namespace HumanzCni.CommandLine;

/// <summary>
/// How every HumanzCni command line ends, whichever binary parsed it: --help/-h prints the usage on stdout
/// and exits 0; a mistake (unknown option, missing or invalid value) prints the errors and the usage on
/// stderr and exits 2; otherwise the command's action runs and its exit code is the process's.
/// </summary>
internal static class CommandLineRun
{
    /// <summary>The exit code of a command line that cannot be run as given.</summary>
    public const int UsageExitCode = 2;

    public static int Run(this ParseResult result)
    {
        if (result.Errors.Count == 0)
        {
            return result.Invoke();
        }

        // The library's error action writes the errors to Error and the usage to Output, and returns 1:
        // both belong on stderr, and a usage mistake exits 2 like the rest of the tools people script with.
        result.Invoke(new InvocationConfiguration { Output = Console.Error });
        return UsageExitCode;
    }

    /// <summary>
    /// The typed settings of a parse, or its error messages: what a command's action receives, and what
    /// tests check without starting a process.
    /// </summary>
    public static (T? Value, IReadOnlyList<string> Errors) Read<T>(this ParseResult result, Func<ParseResult, T> read)
        where T : class =>
        result.Errors.Count == 0 ? (read(result), []) : (null, result.Errors.Select(error => error.Message).ToList());
}
