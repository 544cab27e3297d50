using System.Globalization;
using System.Net;
using HumanzCni.Agent.Hosting;

namespace HumanzCni.Agent.Health;

/// <summary>`--health-address HOST:PORT`: an IP address (IPv6 in brackets) and a port, checked with a message naming what to fix.</summary>
public static class HealthAddressOption
{
    public const string Name = "--health-address";

    /// <summary>The endpoint, or null when the option is absent (no health listener).</summary>
    public static IPEndPoint? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon] : "";
        var port = colon > 0 ? text[(colon + 1)..] : "";
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (!IPAddress.TryParse(bracketed ? host[1..^1] : host, out var address)
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !bracketed))
        {
            throw new UsageException($"{Name} '{text}' is not HOST:PORT with HOST an IP address (e.g. 127.0.0.1:9101, 0.0.0.0:9101, [::1]:9101)");
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            throw new UsageException($"{Name} '{text}': the port must be a whole number from 1 to 65535, not '{port}'");
        }

        return new IPEndPoint(address, number);
    }
}
