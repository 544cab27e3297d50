using System.Text.Encodings.Web;
using System.Text.Json;

namespace HumanzCni.Chain.Config;

/// <summary>
/// The one serializer context the framework reads and writes with. One instance, so each type's
/// metadata is built once per process (a plugin lives for milliseconds and that build is its largest
/// JSON cost). Messages quote config values, so HTML-safe escaping (' as \u0027) would only make
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
