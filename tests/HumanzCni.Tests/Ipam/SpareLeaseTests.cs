using System.Collections.Concurrent;
using System.Net;
using HumanzCni.Native;
using HumanzCni.Stages.Ipam;
using static HumanzCni.Tests.Ipam.LeaseDirectoryFixture;

namespace HumanzCni.Tests.Ipam;

/// <summary>
/// Spare lease files ("humanz.spare.N"): a DEL keeps the lease's file, blanked, and the next ADD renames it to its
/// address instead of allocating an inode. What they may never be (a lease, something matching a container, the target
/// of an index name), their bound, and each state a kill between two of their system calls leaves, set up on disk.
/// </summary>
public sealed class SpareLeaseTests : IDisposable
{
    private static readonly RangeSet[] V4 = [Set("10.1.2.0/24")];

    private readonly LeaseDirectoryFixture _leases = new();

    public void Dispose() => _leases.Dispose();

    [Fact]
    public void A_del_keeps_the_lease_file_as_a_blank_spare_and_the_next_add_reuses_it_with_host_locals_exact_contents()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", V4);
        ulong inode = _leases.Inode("10.1.2.2");

        Assert.Equal(1, allocator.Release("c1", "eth0"));

        Assert.Equal(["humanz.spare.0"], Attachments());
        Assert.Equal(inode, _leases.Inode("humanz.spare.0"));
        Assert.Equal("        ", _leases.ReadLeaseFile("humanz.spare.0"));
        Assert.True(IndexSeal.IsSealed(_leases.LeasePath));

        // A longer id than the spare's blanks, then a shorter one: the file holds exactly the new contents each time.
        Assert.Equal(Ip("10.1.2.3"), allocator.Allocate("container-2", "eth0", V4)[0].Address);
        Assert.Equal(inode, _leases.Inode("10.1.2.3"));
        Assert.Equal("container-2\r\neth0", _leases.ReadLeaseFile("10.1.2.3"));
        Assert.Equal(inode, _leases.Inode(Assert.Single(Attachments(), LeaseIndexName.IsIndexName)));
        Assert.True(IndexSeal.IsSealed(_leases.LeasePath));
        allocator.Release("container-2", "eth0");
        allocator.Allocate("c3", "eth0", V4);
        Assert.Equal("c3\r\neth0", _leases.ReadLeaseFile("10.1.2.4"));
        Assert.Equal(inode, _leases.Inode("10.1.2.4"));
        Assert.DoesNotContain(Attachments(), SpareLeases.IsSpareName);
    }

    [Fact]
    public void Spares_are_no_leases_to_listings_gc_status_or_a_host_local_style_del()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", V4);
        allocator.Allocate("c2", "eth0", V4);
        allocator.Release("c1", "eth0");
        allocator.Release("c2", "eth0");
        IndexSeal.Seal(_leases.LeasePath);
        RangeSet[] small = [Set("10.1.2.0/29")];

        Assert.Empty(_leases.NewStore().ListAttachments());
        Assert.Empty(allocator.Gc(new HashSet<(string, string)>()));
        Assert.Equal(5, allocator.Status(small).FreeAddresses);
        // host-local's DEL deletes every file whose trimmed contents are the attachment's, or its bare id.
        Assert.All(SpareNames(), name => Assert.Equal("", _leases.ReadLeaseFile(name).Trim()));
        Assert.Equal(["humanz.spare.0", "humanz.spare.1"], SpareNames());
    }

    [Fact]
    public void At_most_capacity_spares_are_kept_in_the_lowest_slots_and_the_rest_are_deleted()
    {
        IpAllocator allocator = _leases.NewAllocator();
        int pods = SpareLeases.Capacity + 5;
        for (int pod = 0; pod < pods; pod++)
        {
            allocator.Allocate($"c{pod}", "eth0", V4);
        }

        for (int pod = 0; pod < pods; pod++)
        {
            allocator.Release($"c{pod}", "eth0");
        }

        Assert.Equal([.. Enumerable.Range(0, SpareLeases.Capacity).Select(slot => $"humanz.spare.{slot}").Order(StringComparer.Ordinal)], Attachments());

        // The ADDs take them from the top; a new file once they are gone.
        for (int pod = 0; pod < pods; pod++)
        {
            allocator.Allocate($"d{pod}", "eth0", V4);
            Assert.Equal(Math.Max(0, SpareLeases.Capacity - pod - 1), SpareNames().Count);
        }

        Assert.Equal(pods, _leases.NewStore().ListAttachments().Count(lease => lease.ContainerId.StartsWith('d')));
    }

    [Fact]
    public void Parallel_allocators_taking_spares_never_share_an_address_and_each_lease_is_its_own()
    {
        const int Pods = 40;
        IpAllocator first = _leases.NewAllocator();
        for (int pod = 0; pod < Pods; pod++)
        {
            first.Allocate($"old{pod}", "eth0", V4);
        }

        for (int pod = 0; pod < Pods; pod++)
        {
            first.Release($"old{pod}", "eth0");
        }

        var addresses = new ConcurrentBag<IPAddress>();
        Parallel.For(0, Pods, new ParallelOptions { MaxDegreeOfParallelism = 8 }, pod =>
            addresses.Add(new IpAllocator(new LeaseStore(_leases.LeasePath)).Allocate($"new{pod}", "eth0", V4)[0].Address));

        Assert.Equal(Pods, addresses.Distinct().Count());
        IReadOnlyList<Lease> leases = _leases.NewStore().ListAttachments();
        Assert.Equal(Pods, leases.Select(lease => lease.ContainerId).Distinct().Count());
        Assert.All(leases, lease => Assert.Equal($"{lease.ContainerId}\r\neth0", _leases.ReadLeaseFile(lease.Address.ToString())));
        Assert.Empty(SpareNames());
    }

    [Fact]
    public void A_spare_offered_a_taken_address_stays_a_blank_spare_and_the_taken_lease_is_untouched()
    {
        LeaseStore store = _leases.NewStore();
        store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);
        store.Reserve(Ip("10.1.2.3"), "c2", "eth0", 0);
        store.ReleaseByAttachment("c2", "eth0");

        Assert.False(store.Reserve(Ip("10.1.2.2"), "c3", "eth0", 0));

        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
        Assert.Equal(["humanz.spare.0"], SpareNames());
        Assert.Equal("", _leases.ReadLeaseFile("humanz.spare.0").Trim());
    }

    [Fact]
    public void A_kill_after_del_blanked_the_lease_or_add_renamed_a_spare_leaves_an_empty_lease_the_next_look_deletes()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c0", "eth0", V4);
        // Either kill leaves this: the address named, spaces in it, no index name, and the seal broken by the last
        // change of names (the index name's deletion, or the rename).
        _leases.WriteLeaseFile("10.1.2.3", "            ");

        Assert.Single(_leases.NewStore().ListAttachments());
        Assert.DoesNotContain("10.1.2.3", Attachments());
        Assert.True(IndexSeal.IsSealed(_leases.LeasePath));
        Assert.Equal(Ip("10.1.2.3"), _leases.NewStore().ReserveFirstFree([Ip("10.1.2.3")], "c1", "eth0", 0));
    }

    [Fact]
    public void A_kill_after_add_wrote_over_longer_blanks_before_cutting_them_leaves_a_lease_of_its_attachment()
    {
        _leases.NewAllocator().Allocate("c0", "eth0", V4);
        // The new contents, then the spare's remaining blanks: unsealed (the rename broke the seal), no index name yet.
        _leases.WriteLeaseFile("10.1.2.3", "c1\r\neth0        ");

        Assert.Equal([Ip("10.1.2.3")], _leases.NewStore().FindByAttachment("c1", "eth0"));
        Assert.Equal(1, _leases.NewAllocator().Release("c1", "eth0"));
        Assert.Equal(["humanz.spare.0"], SpareNames());
    }

    [Fact]
    public void A_kill_after_del_deleted_the_index_name_before_blanking_leaves_a_lease_the_next_del_releases()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", V4);
        File.Delete(Path.Join(_leases.LeasePath, Assert.Single(Attachments(), LeaseIndexName.IsIndexName)));

        Assert.Equal(1, allocator.Release("c1", "eth0"));

        Assert.Equal(["humanz.spare.0"], Attachments());
        Assert.True(IndexSeal.IsSealed(_leases.LeasePath));
    }

    [Fact]
    public void An_index_name_linked_to_a_spare_finds_nothing_and_goes_and_the_spare_stays_out_of_the_next_add()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", V4);
        allocator.Release("c1", "eth0");
        string index = LeaseIndexName.Of(LeaseIndexName.PrefixOf("c1", "eth0"), 0);
        Assert.Equal(0, Interop.Link(Path.Join(_leases.LeasePath, "humanz.spare.0"), Path.Join(_leases.LeasePath, index)));
        // Even in a directory marked complete (nothing the plugin leaves), the answer must not depend on it.
        IndexSeal.Seal(_leases.LeasePath);

        Assert.Empty(_leases.NewStore().FindByAttachment("c1", "eth0"));
        Assert.DoesNotContain(index, Attachments());

        // Unsealed this time (the link changed the directory): the full look deletes both names.
        Assert.Equal(0, Interop.Link(Path.Join(_leases.LeasePath, "humanz.spare.0"), Path.Join(_leases.LeasePath, index)));
        allocator.Allocate("c2", "eth0", V4);
        Assert.Empty(SpareNames());
        Assert.DoesNotContain(index, Attachments());
        Assert.Equal("c2\r\neth0", _leases.ReadLeaseFile("10.1.2.3"));
    }

    [Fact]
    public void A_spare_that_is_another_name_of_a_lease_goes_at_the_next_look_and_the_lease_keeps_its_contents()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", V4);
        Assert.Equal(0, Interop.Link(Path.Join(_leases.LeasePath, "10.1.2.2"), Path.Join(_leases.LeasePath, "humanz.spare.0")));

        allocator.Allocate("c2", "eth0", V4);

        Assert.Empty(SpareNames());
        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
        Assert.Equal("c2\r\neth0", _leases.ReadLeaseFile("10.1.2.3"));
    }

    [Fact]
    public void Names_outside_the_spares_slots_go_at_the_next_look_and_a_gap_in_the_slots_still_finds_a_spare()
    {
        _leases.WriteLeaseFile($"humanz.spare.{SpareLeases.Capacity}", "");
        _leases.WriteLeaseFile("humanz.spare.01", "");
        _leases.WriteLeaseFile("humanz.spare.0", "   ");
        _leases.WriteLeaseFile("humanz.spare.2", "   ");
        ulong spare2 = _leases.Inode("humanz.spare.2");

        _leases.NewAllocator().Allocate("c1", "eth0", V4);

        Assert.Equal(["humanz.spare.0"], SpareNames());
        Assert.Equal(spare2, _leases.Inode("10.1.2.2"));
        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
    }

    [Fact]
    public void A_spare_holding_a_container_id_put_there_by_hand_is_no_lease_and_an_add_writes_over_it_exactly()
    {
        _leases.WriteLeaseFile("humanz.spare.0", "some-much-longer-container-id\r\neth0");

        Assert.Empty(_leases.NewStore().ListAttachments());
        Assert.Empty(_leases.NewStore().FindByAttachment("some-much-longer-container-id", "eth0"));
        _leases.NewAllocator().Allocate("c1", "eth0", V4);

        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
        Assert.Empty(SpareNames());
    }

    [Fact]
    public void A_spare_name_that_is_no_plain_file_is_passed_over_and_what_it_names_is_left_alone()
    {
        string outside = Path.Join(_leases.LeasePath, "..", "outside");
        File.WriteAllText(outside, "untouched");
        Directory.CreateDirectory(Path.Join(_leases.LeasePath, "humanz.spare.0"));
        File.CreateSymbolicLink(Path.Join(_leases.LeasePath, "humanz.spare.1"), outside);

        _leases.NewAllocator().Allocate("c1", "eth0", V4);

        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
        Assert.Equal("untouched", File.ReadAllText(outside));
        Assert.Equal(
            ["humanz.spare.0", "humanz.spare.1"],
            Directory.GetFileSystemEntries(_leases.LeasePath, "humanz.spare.*").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_lease_without_an_interface_name_has_no_index_name_so_its_release_deletes_it()
    {
        _leases.WriteLeaseFile("10.1.2.2", "legacy");

        Assert.True(_leases.NewStore().Release(Ip("10.1.2.2")));

        Assert.Empty(Attachments());
    }

    /// <summary>The directory's files but the lock, the last-reserved markers and the boot record.</summary>
    private List<string> Attachments() =>
        [.. _leases.Names().Where(name => name != "lock" && !name.StartsWith("last_reserved_ip.", StringComparison.Ordinal))];

    private List<string> SpareNames() => [.. _leases.Names().Where(SpareLeases.IsSpareName)];
}
