using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Chain.Results;

/// <summary>Prints the CNI error JSON, {cniVersion, code, msg, details}, for a plugin's failure and the chain runner's alike.</summary>
internal static class ErrorWriter
{
    /// <summary>
    /// Prints <paramref name="error"/> to <paramref name="output"/> in <paramref name="version"/> when the framework speaks it,
    /// else in its latest (the config may be what failed to decode); "details" only when there are some.
    /// </summary>
    public static void Write(Stream output, string? version, CniException error)
    {
        var json = new CniError
        {
            CniVersion = CniVersion.IsSupported(version) ? version! : CniVersion.Latest,
            Code = error.Code,
            Msg = error.Message,
            Details = string.IsNullOrEmpty(error.Details) ? null : error.Details,
        };
        JsonAnswer.Write(output, json, static (error, writer) => JsonSerializer.Serialize(writer, error, ChainJson.Context.CniError));
    }
}
