using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HumanzCni.Addressing;
using HumanzCni.Chain.Config;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages.Ipam;

namespace HumanzCni.Stages.Config;

/// <summary>
/// Turns the config bytes into a <see cref="HumanzNetConf"/>, or a code-7 error whose message names the
/// field and says what a valid value looks like.
/// </summary>
internal static class HumanzConfigValidator
{
    private const int MinMtu = 68;
    private const int MinIpv6Mtu = 1280;
    private const int MaxMtu = 65535;

    /// <summary>Validates the humanz-cni fields of the config object <paramref name="config"/> (<see cref="Chain.Config.NetworkConfig.Json"/>).</summary>
    public static HumanzNetConf Validate(JsonElement config, string? networkName)
    {
        var raw = Decode(config);
        var name = ValidateNetworkName(networkName);
        var bridge = ValidateLinkName(raw.Bridge ?? HumanzNetConf.DefaultBridge, "bridge");
        var rangeSets = BuildRangeSets(raw);
        var mtu = ValidateMtu(raw.Mtu, rangeSets);
        var dataDir = raw.Ipam?.DataDir is { Length: > 0 } dir ? dir : HumanzNetConf.DefaultDataDir;
        return new HumanzNetConf
        {
            NetworkName = name,
            BridgeName = bridge,
            Mtu = mtu,
            IsDefaultGateway = raw.IsDefaultGateway ?? true,
            RangeSets = rangeSets,
            Routes = BuildRoutes(raw.Ipam?.Routes),
            LeaseDirectory = Path.Combine(dataDir, name),
            Peers = BuildPeers(raw.Peers, rangeSets),
            Dns = raw.Dns,
            IpMasq = raw.IpMasq ?? false,
            NonMasqueradeCidrs = BuildNonMasqueradeCidrs(raw.NonMasqueradeCidrs),
            HairpinMode = raw.HairpinMode ?? true,
        };
    }

    private static HumanzConfigJson Decode(JsonElement config)
    {
        try
        {
            return JsonFields.Of(config, "$") is { } fields ? HumanzConfigJson.FromJson(fields) : new HumanzConfigJson();
        }
        catch (JsonException e)
        {
            throw Invalid($"field {e.Path ?? "?"} has the wrong type: {e.Message}");
        }
    }

    /// <summary>The name becomes a directory under dataDir, so it must be a plain file name.</summary>
    private static string ValidateNetworkName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw Invalid("name is missing: give the network a name, e.g. \"name\": \"humanz-cni\"");
        }

        if (!CniName.IsValid(name))
        {
            throw Invalid($"name \"{name}\" is invalid: {CniName.Rule}");
        }

        return name;
    }

    private static string ValidateLinkName(string name, string field)
    {
        if (name.Length == 0)
        {
            throw Invalid($"{field} is empty: name the link, e.g. \"humanz-cni0\"");
        }

        var problem = LinkName.Check(name);
        if (problem == LinkNameProblem.TooLong)
        {
            throw Invalid($"{field} \"{name}\" is {Encoding.UTF8.GetByteCount(name)} bytes long; Linux link names hold at most {LinkName.MaxBytes}");
        }

        if (problem != LinkNameProblem.None)
        {
            throw Invalid($"{field} \"{name}\" is not a valid link name: no '/', ':' or whitespace, and not '.' or '..'");
        }

        return name;
    }

    private static int ValidateMtu(int? mtu, IReadOnlyList<RangeSet> rangeSets)
    {
        if (mtu is null or 0)
        {
            return 0;
        }

        var min = rangeSets.Any(set => set.Family == AddressFamily.InterNetworkV6) ? MinIpv6Mtu : MinMtu;
        if (mtu < min || mtu > MaxMtu)
        {
            throw Invalid($"mtu {mtu} is out of range: use {min}..{MaxMtu} (or leave it out for the kernel's default)");
        }

        return mtu.Value;
    }

    private static List<RangeSet> BuildRangeSets(HumanzConfigJson raw)
    {
        var ipam = raw.Ipam;
        if (ipam?.Type is { Length: > 0 } type && type != "host-local")
        {
            throw Invalid($"ipam.type \"{type}\" is not supported: humanz-cni allocates addresses itself with host-local semantics; remove ipam.type or set it to \"host-local\"");
        }

        var forms = (raw.Subnet is not null ? 1 : 0) + (ipam?.Ranges is not null ? 1 : 0) + (ipam?.Subnet is not null ? 1 : 0);
        if (forms == 0)
        {
            throw Invalid("no address range: set \"subnet\" (e.g. \"100.100.1.0/24\") or \"ipam\": {\"ranges\": [[{\"subnet\": ...}]]}");
        }

        if (forms > 1)
        {
            throw Invalid("more than one address range form: set only one of \"subnet\", \"ipam.subnet\" or \"ipam.ranges\"");
        }

        try
        {
            if (raw.Subnet is not null)
            {
                return [RangeSet.Create([IpRange.Parse(raw.Subnet, gateway: raw.Gateway, defaultGateway: true, fieldPath: "")], "subnet")];
            }

            if (ipam!.Subnet is not null)
            {
                return [RangeSet.Create([IpRange.Parse(ipam.Subnet, ipam.RangeStart, ipam.RangeEnd, ipam.Gateway, defaultGateway: true, fieldPath: "ipam")], "ipam")];
            }

            return BuildRangeSetList(ipam.Ranges!);
        }
        catch (IpamConfigException e)
        {
            throw Invalid(e.Message);
        }
    }

    private static List<RangeSet> BuildRangeSetList(List<List<RangeJson>> ranges)
    {
        if (ranges.Count == 0)
        {
            throw Invalid("ipam.ranges is empty: give at least one range set, e.g. [[{\"subnet\": \"100.100.1.0/24\"}]]");
        }

        var sets = new List<RangeSet>(ranges.Count);
        for (var i = 0; i < ranges.Count; i++)
        {
            var path = $"ipam.ranges[{i}]";
            if (ranges[i] is not { Count: > 0 } set)
            {
                throw Invalid($"{path} is empty: a range set needs at least one range with a subnet");
            }

            var parsed = new List<IpRange>(set.Count);
            for (var j = 0; j < set.Count; j++)
            {
                var rangePath = $"{path}[{j}]";
                var range = set[j] ?? throw NullEntry(rangePath);
                if (string.IsNullOrEmpty(range.Subnet))
                {
                    throw Invalid($"{rangePath}.subnet is missing: give the range a CIDR, e.g. \"100.100.1.0/24\"");
                }

                parsed.Add(IpRange.Parse(range.Subnet, range.RangeStart, range.RangeEnd, range.Gateway, defaultGateway: true, fieldPath: rangePath));
            }

            sets.Add(RangeSet.Create(parsed, path));
        }

        if (sets.Select(set => set.Family).Distinct().Count() != sets.Count)
        {
            throw Invalid("ipam.ranges has two range sets of the same address family: a pod gets one address per set, so use one IPv4 and/or one IPv6 set");
        }

        return sets;
    }

    private static List<PodRoute> BuildRoutes(List<Chain.Results.CniRoute>? routes)
    {
        var result = new List<PodRoute>();
        for (var i = 0; i < (routes?.Count ?? 0); i++)
        {
            var route = routes![i] ?? throw NullEntry($"ipam.routes[{i}]");
            var destination = ParseNetwork(route.Dst, $"ipam.routes[{i}].dst");
            IPAddress? gateway = null;
            if (!string.IsNullOrEmpty(route.Gw) && !IPAddress.TryParse(route.Gw, out gateway))
            {
                throw Invalid($"ipam.routes[{i}].gw \"{route.Gw}\" is not an IP address");
            }

            result.Add(new PodRoute(destination, gateway));
        }

        return result;
    }

    private static List<Peer> BuildPeers(List<PeerJson>? peers, IReadOnlyList<RangeSet> rangeSets)
    {
        var result = new List<Peer>();
        for (var i = 0; i < (peers?.Count ?? 0); i++)
        {
            var path = $"peers[{i}]";
            var peer = peers![i] ?? throw NullEntry(path);
            var subnet = ParseNetwork(peer.Subnet, $"{path}.subnet");
            if (string.IsNullOrEmpty(peer.Via) || !IPAddress.TryParse(peer.Via, out var via))
            {
                throw Invalid($"{path}.via \"{peer.Via}\" is not an IP address: give the peer node's address, e.g. \"200.0.0.30\"");
            }

            if (via.AddressFamily != subnet.BaseAddress.AddressFamily)
            {
                throw Invalid($"{path}.via {via} is not of the same address family as {path}.subnet {subnet}");
            }

            if (rangeSets.SelectMany(set => set.Ranges).Any(range => AddressArithmetic.Overlap(range.Subnet, subnet)))
            {
                throw Invalid($"{path}.subnet {subnet} overlaps this node's own pod subnet; each node needs its own subnet");
            }

            result.Add(new Peer(subnet, via));
        }

        return result;
    }

    private static List<IPNetwork> BuildNonMasqueradeCidrs(List<string>? cidrs) =>
        (cidrs ?? []).Select((cidr, i) => ParseNetwork(cidr, $"nonMasqueradeCidrs[{i}]")).ToList();

    private static IPNetwork ParseNetwork(string? text, string field)
    {
        // A typo like 10.0.0.1/8 must be refused, not reinterpreted.
        if (!CidrText.TryParseExact(text, out var network))
        {
            throw Invalid($"{field} \"{text}\" is not a CIDR network with host bits zero, e.g. \"100.100.2.0/24\"");
        }

        return network;
    }

    /// <summary>A null in a list of objects decodes without complaint; reading it was a NullReferenceException (found by fuzz/).</summary>
    private static CniException NullEntry(string path) => Invalid($"{path} is null; each entry must be an object");

    private static CniException Invalid(string message) => new(CniErrorCode.InvalidConfig, message);
}
