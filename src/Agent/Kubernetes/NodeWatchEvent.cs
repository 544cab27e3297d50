using System.Text.Json;
using k8s;
using k8s.Models;

namespace HumanzCni.Agent.Kubernetes;

/// <summary>
/// One line of a Nodes watch stream: ADDED, MODIFIED or DELETED with the <see cref="Node"/>, BOOKMARK with only
/// its resourceVersion, or ERROR with a <see cref="Status"/> (410 Gone: the resourceVersion is too old).
/// </summary>
internal sealed record NodeWatchEvent(string Type, V1Node? Node, V1Status? Status)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";

    /// <summary>Decodes a line with the client's own models; a line that is not a watch event is a <see cref="JsonException"/>.</summary>
    public static NodeWatchEvent Parse(string line)
    {
        var watchEvent = KubernetesJson.Deserialize<V1WatchEvent>(line);
        if (watchEvent?.Type is not { } type || watchEvent.ObjectProperty is not JsonElement body)
        {
            throw new JsonException($"not a watch event: {line}");
        }

        return type == Error
            ? new NodeWatchEvent(type, null, KubernetesJson.Deserialize<V1Status>(body))
            : new NodeWatchEvent(type, KubernetesJson.Deserialize<V1Node>(body), null);
    }
}
