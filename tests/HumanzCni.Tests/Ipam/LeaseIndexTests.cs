using HumanzCni.Native;
using HumanzCni.Stages.Ipam;
using static HumanzCni.Tests.Ipam.LeaseDirectoryFixture;

namespace HumanzCni.Tests.Ipam;

/// <summary>
/// The attachments' index names (hard links "humanz.lease.HASH.SLOT" to their leases) and the seal that says they are
/// complete: found, missing (a lease someone else wrote), stale (a name whose lease is gone), and what a kill leaves.
/// </summary>
public sealed class LeaseIndexTests : IDisposable
{
    private static readonly RangeSet[] DualStack = [Set("10.1.2.0/24"), Set("fd00:1::/64")];

    private readonly LeaseDirectoryFixture _leases = new();

    public void Dispose() => _leases.Dispose();

    [Fact]
    public void Every_lease_of_an_allocation_gets_an_index_name_that_is_the_same_file_and_the_directory_is_sealed()
    {
        _leases.NewAllocator().Allocate("c1", "eth0", DualStack);

        Assert.Equal(2, IndexNames().Count);
        Assert.All(IndexNames(), name => Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile(name)));
        Assert.Equal(Inode("10.1.2.2"), Inode(IndexNames().Single(name => name.EndsWith(".0", StringComparison.Ordinal))));
        Assert.Equal(Inode("fd00:1::2"), Inode(IndexNames().Single(name => name.EndsWith(".1", StringComparison.Ordinal))));
        Assert.True(IndexSeal.IsSealed(_leases.LeasePath));
    }

    [Fact]
    public void A_repeated_allocation_finds_the_attachments_addresses_through_the_index()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", DualStack);
        allocator.Allocate("c2", "eth0", DualStack);

        var again = allocator.Allocate("c1", "eth0", DualStack);

        Assert.Equal(["10.1.2.2", "fd00:1::2"], again.Select(a => a.Address.ToString()));
        Assert.All(again, a => Assert.False(a.IsNew));
        Assert.Equal(4, _leases.NewStore().ListAttachments().Count);
    }

    [Fact]
    public void Release_by_attachment_takes_the_index_names_with_the_leases_and_keeps_the_seal()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", DualStack);
        allocator.Allocate("c2", "eth0", DualStack);

        Assert.Equal(2, allocator.Release("c1", "eth0"));

        Assert.Equal(2, IndexNames().Count);
        Assert.Empty(_leases.NewStore().FindByAttachment("c1", "eth0"));
        Assert.Equal(2, _leases.NewStore().FindByAttachment("c2", "eth0").Count);
        Assert.True(IndexSeal.IsSealed(_leases.LeasePath));
        Assert.Equal(0, allocator.Release("c1", "eth0"));
    }

    [Fact]
    public void A_lease_written_by_host_local_breaks_the_seal_and_is_found_and_indexed_by_the_next_look()
    {
        _leases.NewAllocator().Allocate("c1", "eth0", DualStack);

        // host-local knows nothing of the index: its lease is one file, and creating it changes the directory.
        _leases.WriteLeaseFile("10.1.2.9", "c2\r\neth0");

        Assert.False(IndexSeal.IsSealed(_leases.LeasePath));
        var again = _leases.NewAllocator().Allocate("c2", "eth0", [Set("10.1.2.0/24")]);
        Assert.Equal(Ip("10.1.2.9"), Assert.Single(again).Address);
        Assert.False(again[0].IsNew);
        Assert.Equal(3, IndexNames().Count);
        Assert.True(IndexSeal.IsSealed(_leases.LeasePath));
    }

    [Fact]
    public void A_store_that_predates_the_index_is_read_whole_once_then_indexed()
    {
        _leases.WriteLeaseFile("10.1.2.2", "c1\r\neth0");
        _leases.WriteLeaseFile("10.1.2.3", "c2\r\neth0");
        LeaseStore store = _leases.NewStore();

        Assert.Equal([Ip("10.1.2.3")], store.FindByAttachment("c2", "eth0", probeSlots: 1));

        Assert.Equal(2, IndexNames().Count);
        Assert.True(IndexSeal.IsSealed(_leases.LeasePath));
        Assert.Equal([Ip("10.1.2.2")], store.FindByAttachment("c1", "eth0", probeSlots: 1));
        Assert.Empty(store.FindByAttachment("c3", "eth0", probeSlots: 1));
    }

    [Fact]
    public void A_stale_index_name_whose_lease_is_gone_answers_nothing_and_goes()
    {
        _leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24")]);
        string index = Assert.Single(IndexNames());
        // The lease gone but its index name left, in a directory still marked complete: nothing the plugin leaves
        // (a kill between the two deletions leaves the directory unsealed), but the answer must not depend on that.
        File.Delete(Path.Join(_leases.LeasePath, "10.1.2.2"));
        IndexSeal.Seal(_leases.LeasePath);

        var again = _leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24")]);

        Assert.True(again[0].IsNew);
        Assert.Equal(Ip("10.1.2.3"), again[0].Address);
        Assert.Equal(Inode("10.1.2.3"), Inode(Assert.Single(IndexNames())));
        Assert.Equal(index, Assert.Single(IndexNames()));
    }

    [Fact]
    public void An_index_name_linked_to_another_attachments_lease_is_not_taken_for_its_own()
    {
        // As if two attachments' hashes collided: c1's index name is a link to c2's lease.
        LeaseStore store = _leases.NewStore();
        _leases.NewAllocator().Allocate("c2", "eth0", [Set("10.1.2.0/24")]);
        Assert.Equal(0, Interop.Link(Path.Join(_leases.LeasePath, "10.1.2.2"), Path.Join(_leases.LeasePath, LeaseIndexName.Of(LeaseIndexName.PrefixOf("c1", "eth0"), 0))));
        IndexSeal.Seal(_leases.LeasePath);

        Assert.Empty(store.FindByAttachment("c1", "eth0", probeSlots: 1));
        Assert.Equal([Ip("10.1.2.2")], store.FindByAttachment("c2", "eth0", probeSlots: 1));
    }

    [Fact]
    public void A_kill_between_naming_the_lease_and_its_index_leaves_the_directory_unsealed_so_the_next_add_finds_the_lease()
    {
        _leases.NewAllocator().Allocate("c0", "eth0", [Set("10.1.2.0/24")]);
        // What the kill leaves: the lease named (which changed the directory), no index name, no new seal.
        _leases.WriteLeaseFile("10.1.2.3", "c1\r\neth0");

        var again = _leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24")]);

        Assert.Equal(Ip("10.1.2.3"), again[0].Address);
        Assert.False(again[0].IsNew);
        Assert.Equal(2, _leases.NewStore().ListAttachments().Count);
    }

    [Fact]
    public void Host_locals_del_deleting_every_file_with_the_attachments_contents_takes_the_index_names_too()
    {
        _leases.NewAllocator().Allocate("c1", "eth0", DualStack);

        foreach (string path in Directory.GetFiles(_leases.LeasePath).Where(path => File.ReadAllText(path).Trim() == "c1\r\neth0"))
        {
            File.Delete(path);
        }

        Assert.Empty(IndexNames());
        Assert.Empty(_leases.NewStore().FindByAttachment("c1", "eth0"));
    }

    [Fact]
    public void A_lease_without_an_interface_name_cannot_be_indexed_so_the_directory_is_never_sealed_and_it_is_still_found()
    {
        _leases.WriteLeaseFile("10.1.2.2", "legacy");
        IpAllocator allocator = _leases.NewAllocator();

        allocator.Allocate("c1", "eth0", [Set("10.1.2.0/24")]);

        Assert.False(IndexSeal.IsSealed(_leases.LeasePath));
        Assert.Equal([Ip("10.1.2.2")], _leases.NewStore().FindByAttachment("legacy", "eth0", probeSlots: 1));
    }

    [Fact]
    public void Gc_and_the_reboot_release_take_the_index_names_too()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", DualStack);
        allocator.Allocate("c2", "eth0", DualStack);

        Assert.Equal(2, allocator.Gc(new HashSet<(string, string)> { ("c2", "eth0") }).Count);
        Assert.Equal(2, IndexNames().Count);

        LeaseStore store = _leases.NewStore();
        store.ReleaseLeasesOfEarlierBoot("boot-1");
        Assert.Equal(2, store.ReleaseLeasesOfEarlierBoot("boot-2").Count);
        Assert.Empty(IndexNames());
    }

    [Fact]
    public void A_walk_over_many_taken_addresses_still_finds_the_free_one()
    {
        for (int host = 2; host < 40; host++)
        {
            _leases.WriteLeaseFile($"10.1.2.{host}", $"other{host}\r\neth0");
        }

        var allocation = _leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24")]);

        Assert.Equal(Ip("10.1.2.40"), allocation[0].Address);
    }

    private List<string> IndexNames() => [.. _leases.Names().Where(LeaseIndexName.IsIndexName)];

    private ulong Inode(string name) => _leases.Inode(name);
}
