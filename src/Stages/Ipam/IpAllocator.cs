using System.Net;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// Hands out addresses from range sets to attachments (container id + interface name) and
/// takes them back, keeping leases in a <see cref="LeaseStore"/>. Every operation runs under
/// the store's lock, so plugin processes running at the same time never share an address.
/// </summary>
internal sealed class IpAllocator(LeaseStore store)
{
    /// <summary>
    /// One address from each range set. An attachment that already holds an address in a set
    /// gets that address again, so a repeated ADD is harmless. A set for which
    /// <paramref name="requested"/> names an address (CONVENTIONS.md "ips") gets exactly that address.
    /// </summary>
    /// <exception cref="IpamConfigException">A requested address lies in no range set, or is held by another attachment.</exception>
    /// <exception cref="IpamExhaustedException">
    /// A set has no free address. Addresses this call had reserved from other sets are released
    /// again, so a failed allocation leaves no lease behind.
    /// </exception>
    public IReadOnlyList<Allocation> Allocate(string containerId, string ifName, IReadOnlyList<RangeSet> rangeSets, IReadOnlyList<IPAddress>? requested = null)
    {
        requested ??= [];
        foreach (IPAddress wanted in requested)
        {
            if (!rangeSets.Any(set => set.RangeOf(wanted) is not null))
            {
                throw new IpamConfigException($"requested address {wanted} is in none of the ranges {string.Join("; ", rangeSets)}");
            }

            if (rangeSets.Any(set => set.Ranges.Any(range => wanted.Equals(range.Gateway))))
            {
                throw new IpamConfigException($"requested address {wanted} is the gateway of its range; request another");
            }
        }

        LeaseFile.CheckAttachment(containerId, ifName);
        using IDisposable held = store.Lock();

        // Through the attachment's index names: a fresh attachment costs a stat per range set, whatever the leases.
        IReadOnlyList<IPAddress> owned = store.FindByAttachment(containerId, ifName, rangeSets.Count);

        var reservedNow = new List<IPAddress>();
        var allocations = new List<Allocation>(rangeSets.Count);
        try
        {
            for (int index = 0; index < rangeSets.Count; index++)
            {
                RangeSet set = rangeSets[index];
                IPAddress? wanted = FirstIn(set, requested, null);
                IPAddress? address = FirstIn(set, owned, wanted);
                bool isNew = address is null;
                if (address is null && wanted is not null)
                {
                    if (!store.Reserve(wanted, containerId, ifName, index))
                    {
                        throw new IpamConfigException($"requested address {wanted} is already leased to another container");
                    }

                    address = wanted;
                    reservedNow.Add(wanted);
                }
                else if (address is null)
                {
                    // No listing of what is taken: the exclusive create refuses a taken address, and the walk starts
                    // after the last one handed out, so its first candidate is normally free (after a wrap, when many
                    // are taken, ReserveFirstFree skips them by one listing).
                    address = store.ReserveFirstFree(RangeSetWalk.Candidates(set, store.LastReserved(index)), containerId, ifName, index)
                        ?? throw Exhausted(set);
                    reservedNow.Add(address);
                }

                IpRange range = set.RangeOf(address)!;
                allocations.Add(new Allocation(address, range.Subnet.PrefixLength, range.Gateway, index, isNew));
            }
        }
        catch
        {
            store.Release(reservedNow);
            throw;
        }

        return allocations;
    }

    /// <summary>Releases what the attachment holds. Releasing twice, or with no lease directory, is fine.</summary>
    /// <returns>How many addresses were released.</returns>
    public int Release(string containerId, string ifName) => store.ReleaseByAttachment(containerId, ifName).Count;

    /// <summary>
    /// The leases whose attachment is not among <paramref name="validAttachments"/> (what CNI GC collects).
    /// A lease from an old host-local that recorded no interface name is valid as long as its container id
    /// appears in any valid attachment.
    /// </summary>
    public IReadOnlyList<Lease> Stale(IReadOnlySet<(string ContainerId, string IfName)> validAttachments)
    {
        HashSet<string> validContainers = [.. validAttachments.Select(attachment => attachment.ContainerId)];
        return [.. store.ListAttachments().Where(lease => lease.IfName is null
            ? !validContainers.Contains(lease.ContainerId)
            : !validAttachments.Contains((lease.ContainerId, lease.IfName)))];
    }

    /// <summary>Releases every <see cref="Stale"/> lease, found and released under one hold of the lock (CNI GC).</summary>
    /// <returns>The leases released.</returns>
    public IReadOnlyList<Lease> Gc(IReadOnlySet<(string ContainerId, string IfName)> validAttachments)
    {
        if (!store.Exists)
        {
            return [];
        }

        using IDisposable held = store.Lock();
        IReadOnlyList<Lease> stale = Stale(validAttachments);
        var addresses = new List<IPAddress>(stale.Count);
        foreach (Lease lease in stale)
        {
            addresses.Add(lease.Address);
        }

        HashSet<IPAddress> released = [.. store.Release(addresses)];
        return [.. stale.Where(lease => released.Contains(lease.Address))];
    }

    /// <summary>Whether allocations from the range sets can succeed, for CNI STATUS.</summary>
    public IpamStatus Status(IReadOnlyList<RangeSet> rangeSets)
    {
        if (store.CheckWritable() is { } problem)
        {
            return new IpamStatus(false, 0, problem);
        }

        HashSet<IPAddress> leased = [.. store.ListAttachments().Select(lease => lease.Address)];
        long free = FreeAddressCount.Of(rangeSets, leased);
        return free == 0
            ? new IpamStatus(true, 0, $"no free address left in {string.Join("; ", rangeSets)}")
            : new IpamStatus(true, free, null);
    }

    /// <summary>The first of the addresses in the set (and equal to <paramref name="only"/> when that is given), or null.</summary>
    private static IPAddress? FirstIn(RangeSet set, IReadOnlyList<IPAddress> addresses, IPAddress? only)
    {
        foreach (IPAddress address in addresses)
        {
            if (set.RangeOf(address) is not null && (only is null || address.Equals(only)))
            {
                return address;
            }
        }

        return null;
    }

    /// <summary>Only when a set is full: one full look, to say how many of its addresses are leased.</summary>
    private IpamExhaustedException Exhausted(RangeSet set)
    {
        int leasedInSet = store.ListAttachments().Count(lease => set.RangeOf(lease.Address) is not null);
        return new IpamExhaustedException($"no free address left in {set}: {leasedInSet} addresses leased");
    }
}
