using System.Text;
using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Chain.Results;

namespace HumanzCni.Chain.Runner;

/// <summary>Reads what a plugin printed, whether it ran as a process or in-process: a result, nothing, or its error JSON.</summary>
internal static class PluginOutput
{
    /// <summary>The result of a successful ADD, null after the other verbs; a failure throws its CniException.</summary>
    public static CniResult? Interpret(PluginCall call, int exitCode, byte[] stdout)
    {
        if (exitCode != 0)
        {
            throw ErrorFrom(exitCode, stdout);
        }

        if (call.Command != CniCommand.Add)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(stdout, ChainJson.Context.CniResult)
                ?? throw new CniException(CniErrorCode.DecodeFailure, "it printed null instead of a result");
        }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCode.DecodeFailure, $"its ADD result is not valid JSON ({e.Message}): {Excerpt(stdout)}", inner: e);
        }
    }

    /// <summary>The plugin's error JSON as a CniException with its code; output that is no error JSON is quoted instead.</summary>
    private static CniException ErrorFrom(int exitCode, byte[] stdout)
    {
        try
        {
            if (JsonSerializer.Deserialize(stdout, ChainJson.Context.CniError) is { Code: > 0 } error)
            {
                return new CniException(error.Code, error.Msg, error.Details);
            }
        }
        catch (JsonException)
        {
            // Not the spec's error JSON: fall through and quote what it said.
        }

        return new CniException(CniErrorCode.Internal, $"it exited {exitCode} without an error JSON on stdout: {Excerpt(stdout)}");
    }

    private static string Excerpt(byte[] stdout)
    {
        var text = Encoding.UTF8.GetString(stdout).Trim();
        return text.Length == 0 ? "(nothing)" : text.Length > 500 ? text[..500] + "..." : text;
    }
}
