using System.Net;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;

namespace HumanzCni.Chain.Results;

/// <summary>
/// Prints a result in the version the config asked for: 0.3.x and 0.4.0 carry ips[].version and
/// lack the 1.1.0 interface and route fields; 1.x drop ips[].version.
/// </summary>
internal static class ResultWriter
{
    /// <summary>Prints <paramref name="result"/> to <paramref name="output"/> shaped for <paramref name="version"/>, as the serializer context would (<see cref="ChainJson"/>).</summary>
    public static void Write(Stream output, CniResult result, string version) =>
        JsonAnswer.Write(output, ShapeFor(result, version), static (shaped, writer) => shaped.WriteTo(writer));

    /// <summary>A copy of <paramref name="result"/> holding only what <paramref name="version"/> defines.</summary>
    public static CniResult ShapeFor(CniResult result, string version)
    {
        var hasIpVersion = CniVersion.ResultHasIpVersion(version);
        var has110Fields = CniVersion.Compare(version, CniVersion.V110) >= 0;
        return new CniResult
        {
            CniVersion = version,
            Interfaces = result.Interfaces?.ConvertAll(i => new CniInterface
            {
                Name = i.Name,
                Mac = i.Mac,
                Sandbox = i.Sandbox,
                Mtu = has110Fields ? i.Mtu : null,
                SocketPath = has110Fields ? i.SocketPath : null,
                PciId = has110Fields ? i.PciId : null,
            }),
            Ips = result.Ips?.ConvertAll(ip => new CniIpConfig
            {
                Version = hasIpVersion && !result.OmitsIpVersion ? IpVersionOf(ip.Address) : null,
                Interface = ip.Interface,
                Address = ip.Address,
                Gateway = ip.Gateway,
            }),
            Routes = result.Routes?.ConvertAll(r => new CniRoute
            {
                Dst = r.Dst,
                Gw = r.Gw,
                Mtu = has110Fields ? r.Mtu : null,
                AdvMss = has110Fields ? r.AdvMss : null,
                Priority = has110Fields ? r.Priority : null,
                Table = has110Fields ? r.Table : null,
                Scope = has110Fields ? r.Scope : null,
            }),
            Dns = result.Dns ?? new CniDns(),
        };
    }

    private static string IpVersionOf(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var text = slash < 0 ? cidr.AsSpan() : cidr.AsSpan(0, slash);
        return IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "6"
            : "4";
    }
}
