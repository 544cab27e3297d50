using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HumanzCni.Addressing;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// One stretch of addresses to hand out: <see cref="RangeStart"/> to <see cref="RangeEnd"/>
/// (both inclusive) inside <see cref="Subnet"/>. The <see cref="Gateway"/>, when there is one,
/// is never handed out. Build it with <see cref="Create"/> or <see cref="Parse"/>, which
/// reject anything the allocator could not use, with a message that says what to fix.
/// </summary>
internal sealed class IpRange
{
    private IpRange(IPNetwork subnet, UInt128 first, UInt128 last, UInt128? gateway)
    {
        AddressFamily family = subnet.BaseAddress.AddressFamily;
        Subnet = subnet;
        FirstNumber = first;
        LastNumber = last;
        GatewayNumber = gateway;
        RangeStart = AddressArithmetic.FromNumber(first, family);
        RangeEnd = AddressArithmetic.FromNumber(last, family);
        Gateway = gateway is { } g ? AddressArithmetic.FromNumber(g, family) : null;
    }

    public IPNetwork Subnet { get; }

    public IPAddress RangeStart { get; }

    public IPAddress RangeEnd { get; }

    public IPAddress? Gateway { get; }

    public AddressFamily Family => Subnet.BaseAddress.AddressFamily;

    internal UInt128 FirstNumber { get; }

    internal UInt128 LastNumber { get; }

    internal UInt128? GatewayNumber { get; }

    /// <summary>How many addresses lie between RangeStart and RangeEnd, the gateway included.</summary>
    internal UInt128 Size => LastNumber - FirstNumber + 1;

    /// <summary>Whether the address lies between RangeStart and RangeEnd.</summary>
    public bool Contains(IPAddress address)
    {
        if (address.AddressFamily != Family)
        {
            return false;
        }

        UInt128 number = AddressArithmetic.ToNumber(address);
        return number >= FirstNumber && number <= LastNumber;
    }

    /// <summary>"100.100.1.0/24 (range 100.100.1.2-100.100.1.254)", the form error messages use.</summary>
    public override string ToString() => $"{Subnet} (range {RangeStart}-{RangeEnd})";

    /// <summary>
    /// Builds a range, filling in what is left out the way host-local does: RangeStart defaults
    /// to the first host (network + 1), RangeEnd to the last host (the address before the IPv4
    /// broadcast; the very last address for IPv6), and the gateway to network + 1 when
    /// <paramref name="defaultGateway"/> asks for one.
    /// </summary>
    /// <param name="fieldPath">Where this range sits in the config, e.g. "ipam.ranges[0][1]"; messages start with it.</param>
    /// <exception cref="IpamConfigException">The range cannot be used; the message names the field.</exception>
    public static IpRange Create(
        IPNetwork subnet,
        IPAddress? rangeStart = null,
        IPAddress? rangeEnd = null,
        IPAddress? gateway = null,
        bool defaultGateway = false,
        string fieldPath = "range")
    {
        AddressFamily family = subnet.BaseAddress.AddressFamily;
        int bits = AddressArithmetic.BitLength(family);
        // Below two host bits there is no address left once the network (and for IPv4 the
        // broadcast) address and the gateway are set aside.
        if (subnet.PrefixLength > bits - 2)
        {
            throw new IpamConfigException(
                $"{FieldName(fieldPath, "subnet")} {subnet} is too small to allocate from: it leaves no room for a gateway and pods; "
                + $"use a prefix of /{bits - 2} or shorter");
        }

        UInt128 network = AddressArithmetic.ToNumber(subnet.BaseAddress);
        UInt128 lastHost = AddressArithmetic.LastOf(subnet) - (family == AddressFamily.InterNetwork ? UInt128.One : UInt128.Zero);
        var usable = new UsableHosts(subnet, network + 1, lastHost);

        UInt128 first = usable.Check(fieldPath, "rangeStart", rangeStart) ?? usable.First;
        UInt128 last = usable.Check(fieldPath, "rangeEnd", rangeEnd) ?? usable.Last;
        if (first > last)
        {
            throw new IpamConfigException(
                $"{FieldName(fieldPath, "rangeStart")} {AddressArithmetic.FromNumber(first, family)} is after rangeEnd {AddressArithmetic.FromNumber(last, family)}; "
                + "a range runs from rangeStart up to rangeEnd, so swap them");
        }

        UInt128? gatewayNumber = usable.Check(fieldPath, "gateway", gateway) ?? (defaultGateway ? network + 1 : null);
        if (first == last && gatewayNumber == first)
        {
            throw new IpamConfigException(
                $"{(fieldPath.Length == 0 ? "the range" : fieldPath)} holds only its gateway {AddressArithmetic.FromNumber(first, family)}; "
                + "widen rangeStart..rangeEnd or move the gateway");
        }

        return new IpRange(subnet, first, last, gatewayNumber);
    }

    /// <summary>
    /// Like <see cref="Create"/>, from the strings of a config file. Empty strings count as
    /// left out. Unlike System.Net.IPNetwork.Parse, a subnet with host bits set
    /// ("10.1.2.5/24") is rejected, because it usually means a typo rather than 10.1.2.0/24.
    /// </summary>
    /// <exception cref="IpamConfigException">A value does not parse or the range cannot be used.</exception>
    public static IpRange Parse(
        string subnet,
        string? rangeStart = null,
        string? rangeEnd = null,
        string? gateway = null,
        bool defaultGateway = false,
        string fieldPath = "range") =>
        Create(
            ParseSubnet(subnet, fieldPath),
            ParseOptionalAddress(rangeStart, fieldPath, "rangeStart"),
            ParseOptionalAddress(rangeEnd, fieldPath, "rangeEnd"),
            ParseOptionalAddress(gateway, fieldPath, "gateway"),
            defaultGateway,
            fieldPath);

    /// <summary>"ipam.ranges[0][0]" + "subnet" gives "ipam.ranges[0][0].subnet"; an empty path is the config's top level.</summary>
    internal static string FieldName(string fieldPath, string field) => fieldPath.Length == 0 ? field : $"{fieldPath}.{field}";

    private static IPNetwork ParseSubnet(string text, string fieldPath)
    {
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !AddressText.TryParse(parts[0], out IPAddress address)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int prefix)
            || prefix > AddressArithmetic.BitLength(address.AddressFamily))
        {
            throw new IpamConfigException(
                $"{FieldName(fieldPath, "subnet")} \"{text}\" is not a subnet in CIDR form such as 10.1.2.0/24 or fd00:1::/64");
        }

        var subnet = new IPNetwork(MaskToPrefix(address, prefix), prefix);
        if (!subnet.BaseAddress.Equals(address))
        {
            throw new IpamConfigException(
                $"{FieldName(fieldPath, "subnet")} {text} has host bits set; the /{prefix} network holding {address} is {subnet}, write that instead");
        }

        return subnet;
    }

    private static IPAddress MaskToPrefix(IPAddress address, int prefix) =>
        AddressArithmetic.FromNumber(
            AddressArithmetic.ToNumber(address) & ~AddressArithmetic.HostMask(address.AddressFamily, prefix),
            address.AddressFamily);

    private static IPAddress? ParseOptionalAddress(string? text, string fieldPath, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return AddressText.TryParse(text, out IPAddress address)
            ? address
            : throw new IpamConfigException($"{FieldName(fieldPath, field)} \"{text}\" is not an IP address");
    }

    /// <summary>The addresses of a subnet a range bound or gateway may use.</summary>
    private readonly record struct UsableHosts(IPNetwork Subnet, UInt128 First, UInt128 Last)
    {
        public UInt128? Check(string fieldPath, string field, IPAddress? address)
        {
            if (address is null)
            {
                return null;
            }

            AddressFamily family = Subnet.BaseAddress.AddressFamily;
            if (address.AddressFamily != family)
            {
                throw new IpamConfigException(
                    $"{FieldName(fieldPath, field)} {address} is {AddressFamilyName.Of(address.AddressFamily)} but subnet {Subnet} is {AddressFamilyName.Of(family)}");
            }

            UInt128 number = AddressArithmetic.ToNumber(address);
            if (number < First || number > Last)
            {
                throw new IpamConfigException(
                    $"{FieldName(fieldPath, field)} {address} is not a usable address of subnet {Subnet}; "
                    + $"pick one from {AddressArithmetic.FromNumber(First, family)} to {AddressArithmetic.FromNumber(Last, family)}");
            }

            return number;
        }
    }
}
