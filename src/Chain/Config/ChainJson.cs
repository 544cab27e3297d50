using System.Text.Encodings.Web;
using System.Text.Json;

namespace HumanzCni.Chain.Config;

/// <summary>
/// The one serializer context the chain runner reads and writes with. One instance, so each type's
/// metadata is built once per process. A plugin call uses it only when it fails (to print the error, and to
/// word a malformed config as ever): it reads its config with <see cref="JsonFields"/> and prints its result
/// with <see cref="Results.ResultWriter"/>, which build no metadata. Messages quote config values, so HTML-safe escaping (' as \u0027) would only make
/// them harder to read; stdout is never embedded in HTML.
/// </summary>
internal static class ChainJson
{
    /// <summary>The shared context, with readable (relaxed) escaping.</summary>
    public static ChainJsonContext Context { get; } = new(new JsonSerializerOptions(ChainJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
