using HumanzCni.Netlink;

namespace HumanzCni.Stages.Loopback;

/// <summary>What ADD found on lo once it was up: its first IPv4 and first IPv6 address, each absent when lo has none.</summary>
internal sealed record LoopbackAddresses(AddressInfo? V4, AddressInfo? V6);
