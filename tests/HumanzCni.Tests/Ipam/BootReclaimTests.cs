using HumanzCni.Stages.Ipam;
using static HumanzCni.Tests.Ipam.LeaseDirectoryFixture;

namespace HumanzCni.Tests.Ipam;

/// <summary>Leases recorded in an earlier boot are released once, at the first allocation of the next boot.</summary>
public sealed class BootReclaimTests : IDisposable
{
    private readonly LeaseDirectoryFixture _leases = new();

    public void Dispose() => _leases.Dispose();

    [Fact]
    public void A_store_used_in_an_earlier_boot_releases_every_lease_once()
    {
        LeaseStore store = _leases.NewStore();
        Assert.Empty(store.ReleaseLeasesOfEarlierBoot("boot-1"));
        store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);
        store.Reserve(Ip("10.1.2.3"), "c2", "eth0", 0);

        var released = store.ReleaseLeasesOfEarlierBoot("boot-2");

        Assert.Equal(["10.1.2.2", "10.1.2.3"], released.Select(l => l.Address.ToString()).Order());
        Assert.Empty(store.ListAttachments());
        Assert.Empty(store.ReleaseLeasesOfEarlierBoot("boot-2"));
    }

    [Fact]
    public void The_same_boot_keeps_its_leases()
    {
        LeaseStore store = _leases.NewStore();
        store.ReleaseLeasesOfEarlierBoot("boot-1");
        store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);

        Assert.Empty(store.ReleaseLeasesOfEarlierBoot("boot-1"));
        Assert.Single(store.ListAttachments());
    }

    [Fact]
    public void A_store_without_a_record_is_only_stamped_since_its_leases_may_be_live()
    {
        LeaseStore store = _leases.NewStore();
        store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0); // e.g. written by host-local or an older version

        Assert.Empty(store.ReleaseLeasesOfEarlierBoot("boot-1"));
        Assert.Single(store.ListAttachments());
        Assert.Equal("boot-1", _leases.ReadLeaseFile("humanz.boot_id"));
    }
}
