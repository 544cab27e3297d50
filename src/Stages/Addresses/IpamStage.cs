using HumanzCni.Chain.Pipeline;
using HumanzCni.Chain.Protocol;
using HumanzCni.Stages.Config;
using HumanzCni.Stages.Ipam;

namespace HumanzCni.Stages.Addresses;

/// <summary>
/// Leases the pod's addresses from the node's ranges (host-local semantics, leases on disk under a
/// lock; specific addresses when the runtime asks, see <see cref="RequestedAddresses"/>) and releases them on DEL by container id and ifname. GC drops leases of attachments the
/// runtime no longer knows; STATUS reports whether an ADD could get an address.
/// </summary>
internal sealed class IpamStage : IStage
{
    public string Name => "ipam";

    public IReadOnlyList<Type> Provides => [typeof(PodAddresses), typeof(StaleAttachments)];

    public IReadOnlyList<Type> Requires => [typeof(HumanzNetConf)];

    /// <summary>GC: lists the stale attachments first, so the stages that run before this one in GC's reverse order can remove their links.</summary>
    public void Prepare(StageContext context)
    {
        if (context.Request.Command == CniCommand.Gc)
        {
            context.Set(new StaleAttachments(AllocatorFor(context.Get<HumanzNetConf>()).Stale(ValidAttachments(context))));
        }
    }

    public void Add(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var request = context.Request;
        var store = new LeaseStore(conf.LeaseDirectory);
        IReadOnlyList<Allocation> allocations;
        try
        {
            // One hold of the lock (one open and flock of the lock file) for the boot check and the allocation.
            using var held = store.Lock();
            foreach (var lease in store.ReleaseLeasesOfEarlierBoot(BootId.Current()))
            {
                context.Logger.LogReleasedAfterReboot(lease.Address.ToString(), lease.ContainerId, lease.IfName);
            }

            allocations = new IpAllocator(store).Allocate(request.ContainerId, request.IfName, conf.RangeSets, RequestedAddresses.From(context));
        }
        catch (IpamExhaustedException e)
        {
            throw new CniException(HumanzErrorCode.AddressesExhausted, e.Message);
        }
        catch (IpamConfigException e)
        {
            throw new CniException(CniErrorCode.InvalidConfig, e.Message);
        }

        // Only leases this call made are taken back: a repeated ADD that fails must not strip the first one's.
        // Plain loops: on the path of every ADD, where LINQ's generic methods cost their first-call resolution.
        var addresses = new List<PodAddress>(allocations.Count);
        var heldBefore = false;
        foreach (var allocation in allocations)
        {
            addresses.Add(new PodAddress(allocation.Address, allocation.PrefixLength, allocation.Gateway));
            heldBefore |= !allocation.IsNew;
            if (allocation.IsNew)
            {
                context.OnUndo($"release lease {allocation.Address}", () => store.Release(allocation.Address));
            }
        }

        context.Set(new PodAddresses(addresses, HeldBefore: heldBefore));
    }

    public void Del(StageContext context)
    {
        var request = context.Request;
        AllocatorFor(context.Get<HumanzNetConf>()).Release(request.ContainerId, request.IfName);
    }

    public void Check(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var request = context.Request;
        var leased = new LeaseStore(conf.LeaseDirectory).FindByAttachment(request.ContainerId, request.IfName);
        if (leased.Count == 0)
        {
            throw new CniException(HumanzErrorCode.CheckFailed, $"no address is leased to container {request.ContainerId} ifname {request.IfName} in {conf.LeaseDirectory}");
        }
    }

    public void Gc(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var released = AllocatorFor(conf).Gc(ValidAttachments(context));
        foreach (var lease in released)
        {
            context.Logger.LogReleasedLease(lease.Address.ToString(), lease.ContainerId, lease.IfName);
        }
    }

    public void Status(StageContext context)
    {
        var conf = context.Get<HumanzNetConf>();
        var status = AllocatorFor(conf).Status(conf.RangeSets);
        if (!status.Writable)
        {
            throw new CniException(CniErrorCode.NotReady, $"cannot serve ADD: the lease store {conf.LeaseDirectory} is not writable: {status.Problem}");
        }

        if (status.FreeAddresses == 0)
        {
            throw new CniException(CniErrorCode.NotReady, $"cannot serve ADD: no free address left in {string.Join("; ", conf.RangeSets)}");
        }
    }

    private static IpAllocator AllocatorFor(HumanzNetConf conf) => new(new LeaseStore(conf.LeaseDirectory));

    private static HashSet<(string ContainerId, string IfName)> ValidAttachments(StageContext context) =>
        context.Config.AttachmentsToKeep().Select(a => (a.ContainerId, a.IfName)).ToHashSet();
}
