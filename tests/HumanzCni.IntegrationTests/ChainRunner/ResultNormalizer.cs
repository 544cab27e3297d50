using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HumanzCni.IntegrationTests.ChainRunner;

/// <summary>
/// Makes two ADD results of the same conflist on different nodes and pods comparable: MACs are random,
/// the sandbox is each pod's own netns path, and host-side link names are derived from the container id
/// (humanz-cni's veth "hz…", bandwidth's ifb "bwp…") or random (the reference bridge's veth "veth" + 8 hex).
/// Everything else must be equal.
/// </summary>
public static partial class ResultNormalizer
{
    public static JsonNode Normalize(string resultJson)
    {
        var result = JsonNode.Parse(resultJson)!;
        foreach (var entry in result["interfaces"]?.AsArray() ?? [])
        {
            var link = entry!.AsObject();
            if (link.ContainsKey("mac"))
            {
                link["mac"] = "<mac>";
            }

            if (link.ContainsKey("sandbox"))
            {
                link["sandbox"] = "<netns>";
            }

            var name = link["name"]!.GetValue<string>();
            link["name"] = DerivedLinkName().Replace(name, "$1$2<hash>");
        }

        return result;
    }

    [GeneratedRegex("^(hz|bwp)[0-9a-f]{12,}$|^(veth)[0-9a-f]{8}$")]
    private static partial Regex DerivedLinkName();
}
