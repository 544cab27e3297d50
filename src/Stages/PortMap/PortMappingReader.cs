using System.Net;
using System.Text.Json;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Stages.PortMap;

/// <summary>
/// Reads runtimeConfig.portMappings with Go's case-insensitive keys (containerd sends HostPort, ContainerPort,
/// Protocol, HostIP; libcni's CAP_ARGS hostPort, containerPort...). Protocol defaults to tcp; a hostIP of
/// "" or an unspecified address (0.0.0.0, ::) means every node address. Bad entries are code 7, naming the field.
/// </summary>
internal static class PortMappingReader
{
    private static readonly string[] Protocols = ["tcp", "udp", "sctp"];

    public static PortMappings Read(JsonElement? runtimeConfig)
    {
        if (!runtimeConfig.TryGetPath(out var list, "portMappings") || list.ValueKind == JsonValueKind.Null)
        {
            return new PortMappings([]);
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("runtimeConfig.portMappings must be a list of {\"hostPort\", \"containerPort\", \"protocol\", \"hostIP\"}");
        }

        return new PortMappings(list.EnumerateArray().Select((entry, i) => ReadOne(entry, $"runtimeConfig.portMappings[{i}]")).ToList());
    }

    private static PortMapping ReadOne(JsonElement entry, string path)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{path} must be an object with hostPort and containerPort");
        }

        return new PortMapping(
            Port(entry, "hostPort", path),
            Port(entry, "containerPort", path),
            Protocol(entry, path),
            HostIp(entry, path));
    }

    private static int Port(JsonElement entry, string name, string path)
    {
        if (!entry.TryGetPropertyIgnoreCase(name, out var value) || value.ValueKind != JsonValueKind.Number
            || !value.TryGetInt32(out var port) || port is < 1 or > 65535)
        {
            throw Invalid($"{path}.{name} must be a port number 1..65535");
        }

        return port;
    }

    private static string Protocol(JsonElement entry, string path)
    {
        if (OptionalString(entry, "protocol", path) is not { Length: > 0 } text)
        {
            return "tcp";
        }

        var protocol = text.ToLowerInvariant();
        return Protocols.Contains(protocol) ? protocol : throw Invalid($"{path}.protocol \"{text}\" is not supported: use tcp, udp or sctp");
    }

    private static IPAddress? HostIp(JsonElement entry, string path)
    {
        if (OptionalString(entry, "hostIP", path) is not { Length: > 0 } text)
        {
            return null;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            throw Invalid($"{path}.hostIP \"{text}\" is not an IP address");
        }

        return address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? null : address;
    }

    /// <summary>The string value of <paramref name="name"/>; null when absent or null; any other kind (e.g. "protocol": 6) is code 7.</summary>
    private static string? OptionalString(JsonElement entry, string name, string path)
    {
        if (!entry.TryGetPropertyIgnoreCase(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid($"{path}.{name} must be a string, not {value.ValueKind}");
    }

    private static CniException Invalid(string message) => new(CniErrorCode.InvalidConfig, message);
}
