using System.Text.RegularExpressions;

namespace HumanzCni.IntegrationTests.Crash;

/// <summary>
/// killtrace.c compiled with gcc into a temp dir of its own (removed on Dispose): runs a command under ptrace and
/// SIGKILLs it at the entry of its N-th netlink send or write into one of the given directories, counted across all
/// its threads and the processes it starts.
/// </summary>
public sealed partial class KillTracer : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hzt-killtrace-").FullName;

    public KillTracer()
    {
        Path = System.IO.Path.Combine(_directory, "killtrace");
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Crash", "killtrace.c");
        ProcessRunner.Run("gcc", ["-O2", "-Wall", "-Wextra", "-Werror", "-o", Path, source]).EnsureSuccess("gcc killtrace.c");
    }

    /// <summary>The compiled tracer: `killtrace KILL_AT DIRECTORY[:DIRECTORY...] COMMAND [ARGS...]`.</summary>
    public string Path { get; }

    /// <summary>What the tracer's last stderr line says about the traced run.</summary>
    public static TracedRun Parse(ProcessResult result)
    {
        var match = SummaryLine().Match(result.StandardError);
        var programs = CallLine().Matches(result.StandardError).Select(call => call.Groups[1].Value).ToList();
        return match.Success
            ? new TracedRun(result, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value == "1", match.Groups[3].Success ? match.Groups[3].Value : null, programs)
            : throw new InvalidOperationException($"no killtrace summary in stderr: {result.StandardError}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [GeneratedRegex(@"killtrace: counted (\d+) killed ([01])(?: in (\S+))?\s*$")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"^killtrace: call \d+ in (\S+)$", RegexOptions.Multiline)]
    private static partial Regex CallLine();
}

/// <summary>
/// One traced run: the process's outcome, how many calls were counted, whether it was killed and in which executable
/// (e.g. an exec'd plugin), and, when only counting, the executable that made each call (call N at N - 1).
/// </summary>
public sealed record TracedRun(ProcessResult Result, int Counted, bool Killed, string? KilledIn, IReadOnlyList<string> Programs);
