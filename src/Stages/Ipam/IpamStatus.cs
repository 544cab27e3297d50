namespace HumanzCni.Stages.Ipam;

/// <summary>Whether allocations can succeed right now.</summary>
/// <param name="Writable">The lease directory can be created and written.</param>
/// <param name="FreeAddresses">
/// Addresses not leased and not a gateway, over all range sets; saturates at long.MaxValue
/// (an IPv6 /64 alone has more). 0 when the directory is not writable, since nothing can be leased.
/// </param>
/// <param name="Problem">Why allocations would fail, or null.</param>
internal sealed record IpamStatus(bool Writable, long FreeAddresses, string? Problem);
