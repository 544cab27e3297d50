using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace HumanzCni.IntegrationTests.Snapshots;

/// <summary>
/// Turns what the plugin printed into a stable snapshot: values that change on every run (kernel-chosen
/// MACs, the random pod namespace name) become placeholders, after checking they have the right form, so
/// a snapshot diff means the plugin's output really changed.
/// </summary>
public static partial class PluginJson
{
    public const string MacPlaceholder = "<mac>";
    public const string NetnsPlaceholder = "<pod-netns>";

    /// <summary>Parses stdout, which must be exactly one JSON object (Newtonsoft, Snapshooter's own serializer, keeps it as written).</summary>
    public static JObject Parse(string stdout)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(stdout)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        var json = JObject.Load(reader);
        Assert.False(reader.Read(), $"stdout holds more than one JSON document: {stdout}");
        return json;
    }

    /// <summary>Replaces every interfaces[].mac and the pod netns path with placeholders.</summary>
    public static JObject MaskResult(JObject result, string podNetns)
    {
        foreach (var link in result["interfaces"]?.Children<JObject>() ?? [])
        {
            if (link["mac"] is JValue { Value: string mac })
            {
                Assert.Matches(MacPattern(), mac);
                link["mac"] = MacPlaceholder;
            }

            if (link["sandbox"] is JValue { Value: string sandbox })
            {
                Assert.Equal(podNetns, sandbox);
                link["sandbox"] = NetnsPlaceholder;
            }
        }

        return result;
    }

    [GeneratedRegex("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")]
    private static partial Regex MacPattern();
}
