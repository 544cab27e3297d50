using System.Text.Json;
using System.Text.Json.Serialization;
using HumanzCni.Chain.Config;

namespace HumanzCni.Chain.Results;

/// <summary>result.dns, also the shape of a config's "dns" field.</summary>
public sealed class CniDns
{
    /// <summary>Name server addresses.</summary>
    [JsonPropertyName("nameservers")]
    public List<string>? Nameservers { get; set; }

    /// <summary>The local domain.</summary>
    [JsonPropertyName("domain")]
    public string? Domain { get; set; }

    /// <summary>Search domains.</summary>
    [JsonPropertyName("search")]
    public List<string>? Search { get; set; }

    /// <summary>Resolver options.</summary>
    [JsonPropertyName("options")]
    public List<string>? Options { get; set; }

    /// <summary>Reads result.dns or a config's dns (<see cref="Config.JsonFields"/>).</summary>
    internal static CniDns FromJson(JsonFields json) => new()
    {
        Nameservers = json.Strings("nameservers"),
        Domain = json.String("domain"),
        Search = json.Strings("search"),
        Options = json.Strings("options"),
    };

    /// <summary>Writes the object as the serializer context did (<see cref="OmitNullWriting"/>).</summary>
    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteIfSet("nameservers"u8, Nameservers);
        writer.WriteIfSet("domain"u8, Domain);
        writer.WriteIfSet("search"u8, Search);
        writer.WriteIfSet("options"u8, Options);
        writer.WriteEndObject();
    }
}
