using System.Text.Encodings.Web;
using System.Text.Json;

namespace HumanzCni.Chain.Config;

/// <summary>
/// The serializer context for what the plugin prints. Messages quote config values, so HTML-safe
/// escaping (' as \u0027) would only make them harder to read; stdout is never embedded in HTML.
/// </summary>
public static class OutputJson
{
    public static ChainJsonContext Context { get; } = new(new JsonSerializerOptions(ChainJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
