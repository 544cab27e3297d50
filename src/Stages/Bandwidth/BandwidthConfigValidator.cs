using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Stages.Bandwidth;

/// <summary>
/// Reads the limits from runtimeConfig.bandwidth (the "bandwidth" capability) when the runtime sent it, else
/// from the config's own fields: as in the reference plugin, the runtime's block replaces the static one
/// whole. Any inconsistency is a code-7 error naming the field.
/// </summary>
internal static class BandwidthConfigValidator
{
    /// <summary>A TBF bucket is a u32 of bytes.</summary>
    private const ulong MaxBurstBits = (ulong)uint.MaxValue * 8;

    /// <summary>The limits from <paramref name="runtimeConfig"/>, else from the config object <paramref name="config"/> (null: a config with no limit fields of its own).</summary>
    public static BandwidthLimits Validate(JsonElement? config, JsonElement? runtimeConfig)
    {
        if (runtimeConfig.TryGetPath(out var fromRuntime, "bandwidth") && fromRuntime.ValueKind != JsonValueKind.Null)
        {
            const string Prefix = "runtimeConfig.bandwidth.";
            if (fromRuntime.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"runtimeConfig.bandwidth must be an object such as {{\"ingressRate\": 10000000, \"ingressBurst\": 524288}}, not {fromRuntime.ValueKind}");
            }

            return Build(Decode(fromRuntime, Prefix), Prefix, "runtimeConfig.bandwidth");
        }

        return Build(config is { } json ? Decode(json, string.Empty) : new BandwidthJson(), string.Empty, "config");
    }

    private static BandwidthJson Decode(JsonElement json, string prefix)
    {
        try
        {
            return JsonFields.Of(json, "$") is { } fields ? BandwidthJson.FromJson(fields) : new BandwidthJson();
        }
        catch (JsonException e)
        {
            throw Invalid($"{prefix}{e.Path?.TrimStart('$', '.') ?? "?"} must be a whole number (rates in bits per second, bursts in bits): {e.Message}");
        }
    }

    private static BandwidthLimits Build(BandwidthJson raw, string prefix, string source) => new(
        Direction(raw.IngressRate, raw.IngressBurst, prefix + "ingressRate", prefix + "ingressBurst"),
        Direction(raw.EgressRate, raw.EgressBurst, prefix + "egressRate", prefix + "egressBurst"),
        source);

    private static ShapingRate? Direction(long? rate, long? burst, string rateField, string burstField)
    {
        var rateBits = NonNegative(rate, rateField, "bits per second");
        var burstBits = NonNegative(burst, burstField, "bits");
        switch (rateBits, burstBits)
        {
            case (0, 0):
                return null;
            case (_, 0):
                throw Invalid($"{burstField} must be set when {rateField} is: give the bucket size in bits, e.g. {rateField} {rateBits} with {burstField} {Math.Max(rateBits / 20, 8 * 1514)}");
            case (0, _):
                throw Invalid($"{rateField} must be set when {burstField} is: give the rate in bits per second");
        }

        // The kernel takes bytes: less than one byte per second, or a bucket under one byte, would be zero.
        if (rateBits < 8)
        {
            throw Invalid($"{rateField} must be at least 8 bits per second, not {rateBits}");
        }

        if (burstBits < 8)
        {
            throw Invalid($"{burstField} must be at least 8 bits, not {burstBits}");
        }

        if (burstBits > MaxBurstBits)
        {
            throw Invalid($"{burstField} cannot be more than 4GB ({MaxBurstBits} bits), not {burstBits}");
        }

        return new ShapingRate(rateBits, burstBits);
    }

    private static ulong NonNegative(long? value, string field, string unit) => value switch
    {
        null => 0,
        < 0 => throw Invalid($"{field} must be a positive integer ({unit}), not {value}"),
        _ => (ulong)value.Value,
    };

    private static CniException Invalid(string message) => new(CniErrorCode.InvalidConfig, message);
}
