using System.Text.Json.Serialization;
using HumanzCni.Agent.Static;

namespace HumanzCni.Agent.Cluster;

/// <summary>Source-generated JSON for what the agent stores and reads: node records and static cluster files (keys case-insensitive).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(NodeRecord))]
[JsonSerializable(typeof(StaticClusterFile))]
[JsonSerializable(typeof(StaticNode))]
internal sealed partial class AgentJsonContext : JsonSerializerContext
{
}
