using System.Text.Json.Serialization;
using HumanzCni.Chain.Results;
using HumanzCni.Chain.Runner;

namespace HumanzCni.Chain.Config;

/// <summary>Source-generated JSON for the framework's own types: no reflection, NativeAOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(NetworkConfig))]
[JsonSerializable(typeof(CniResult))]
[JsonSerializable(typeof(CniError))]
[JsonSerializable(typeof(CachedAttachment))]
internal sealed partial class ChainJsonContext : JsonSerializerContext;
