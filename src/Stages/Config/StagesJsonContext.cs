using System.Text.Json.Serialization;

namespace HumanzCni.Stages.Config;

/// <summary>Source-generated JSON for the stages' config: case-insensitive keys like Go's decoder, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip)]
[JsonSerializable(typeof(HumanzConfigJson))]
[JsonSerializable(typeof(Bandwidth.BandwidthJson))]
internal sealed partial class StagesJsonContext : JsonSerializerContext;
