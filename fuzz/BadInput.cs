using HumanzCni.Chain.Protocol;
using HumanzCni.Stages;

namespace HumanzCni.Fuzz;

/// <summary>
/// What counts as a decoder rejecting its input properly: the exceptions the entry points document for bad
/// input, which the plugin, chain runner and agent turn into a clear error. Anything else escaping a target
/// (NullReferenceException, InvalidOperationException, an index out of range...) is a finding: SharpFuzz
/// reports it to afl-fuzz as a crash.
/// </summary>
internal static class BadInput
{
    /// <summary>The codes a decoder may answer with: version (1), environment (4), JSON (6) and config (7).</summary>
    private static readonly HashSet<int> DecoderCodes =
    [
        CniErrorCode.IncompatibleVersion, CniErrorCode.InvalidEnvironment, CniErrorCode.DecodeFailure, CniErrorCode.InvalidConfig,
    ];

    /// <summary>
    /// Runs a CNI decoder; a rejection must be a <see cref="CniException"/>, or an exception the plugin's classifier
    /// turns into one (<see cref="BuiltInPlugins.Classify"/>), with a decoder's code: an internal error (199) for
    /// bad input is a finding too.
    /// </summary>
    public static void Cni(Action decode)
    {
        try
        {
            decode();
        }
        catch (Exception e) when (CodeOf(e) is { } code)
        {
            if (!DecoderCodes.Contains(code))
            {
                throw new InvalidOperationException($"a decoder rejected its input with code {code}, not a config or environment code: {e.Message}", e);
            }
        }
    }

    /// <summary>Runs an agent decoder, which rejects bad input with a <see cref="FormatException"/> naming the problem.</summary>
    public static void Agent(Action decode)
    {
        try
        {
            decode();
        }
        catch (FormatException)
        {
            // The agent prints the message and exits (or keeps its last good view).
        }
    }

    private static int? CodeOf(Exception e) => e is CniException cni ? cni.Code : BuiltInPlugins.Classify(e);
}
