using System.Net;

namespace HumanzCni.Netlink;

/// <summary>One address on a link, as `ip addr show` lists it.</summary>
public sealed record AddressInfo(int LinkIndex, IPAddress Address, int PrefixLength);
