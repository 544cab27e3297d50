using System.Net;
using HumanzCni.Stages.Ipam;
using static HumanzCni.Tests.Ipam.LeaseDirectoryFixture;

namespace HumanzCni.Tests.Ipam;

public sealed class IpAllocatorTests : IDisposable
{
    private readonly LeaseDirectoryFixture _leases = new();

    public void Dispose() => _leases.Dispose();

    [Fact]
    public void First_address_skips_the_gateway_and_reports_prefix_and_gateway()
    {
        Allocation allocation = Assert.Single(_leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24")]));

        Assert.Equal(new Allocation(Ip("10.1.2.2"), 24, Ip("10.1.2.1"), 0), allocation);
    }

    [Fact]
    public void A_gateway_inside_the_range_is_never_handed_out()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets = [Set("10.1.2.0/24", "10.1.2.10", "10.1.2.12", gateway: "10.1.2.11")];

        IPAddress first = allocator.Allocate("c1", "eth0", sets)[0].Address;
        IPAddress second = allocator.Allocate("c2", "eth0", sets)[0].Address;

        Assert.Equal([Ip("10.1.2.10"), Ip("10.1.2.12")], [first, second]);
        Assert.Throws<IpamExhaustedException>(() => allocator.Allocate("c3", "eth0", sets));
    }

    [Fact]
    public void Repeated_allocation_for_the_same_attachment_returns_the_same_address()
    {
        RangeSet[] sets = [Set("10.1.2.0/24")];

        Allocation first = _leases.NewAllocator().Allocate("c1", "eth0", sets)[0];
        Allocation again = _leases.NewAllocator().Allocate("c1", "eth0", sets)[0];

        Assert.Equal(first with { IsNew = false }, again);
        Assert.Single(_leases.NewStore().ListAttachments());
    }

    [Fact]
    public void Distinct_attachments_get_distinct_addresses()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets = [Set("10.1.2.0/24")];

        IPAddress[] addresses =
        [
            allocator.Allocate("c1", "eth0", sets)[0].Address,
            allocator.Allocate("c2", "eth0", sets)[0].Address,
            allocator.Allocate("c1", "net1", sets)[0].Address,
        ];

        Assert.Equal([Ip("10.1.2.2"), Ip("10.1.2.3"), Ip("10.1.2.4")], addresses);
    }

    [Fact]
    public void Released_address_is_not_reused_until_the_walk_wraps_around()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets = [Set("10.1.2.0/24", "10.1.2.2", "10.1.2.4")];

        allocator.Allocate("a", "eth0", sets);
        allocator.Release("a", "eth0");
        IPAddress afterRelease = allocator.Allocate("b", "eth0", sets)[0].Address;
        IPAddress last = allocator.Allocate("c", "eth0", sets)[0].Address;
        IPAddress wrapped = allocator.Allocate("d", "eth0", sets)[0].Address;

        Assert.Equal([Ip("10.1.2.3"), Ip("10.1.2.4"), Ip("10.1.2.2")], [afterRelease, last, wrapped]);
    }

    [Fact]
    public void Walk_continues_into_the_next_range_of_the_set()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets =
        [
            RangeSet.Create([IpRange.Parse("10.1.2.0/24", "10.1.2.2", "10.1.2.2"), IpRange.Parse("10.1.3.0/24", "10.1.3.2", "10.1.3.3")]),
        ];

        IPAddress[] addresses = [.. new[] { "a", "b", "c" }.Select(id => allocator.Allocate(id, "eth0", sets)[0].Address)];

        Assert.Equal([Ip("10.1.2.2"), Ip("10.1.3.2"), Ip("10.1.3.3")], addresses);
    }

    [Fact]
    public void Exhaustion_names_the_range_and_the_lease_count()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets = [Set("100.100.1.0/24", "100.100.1.2", "100.100.1.4")];
        foreach (string id in new[] { "a", "b", "c" })
        {
            allocator.Allocate(id, "eth0", sets);
        }

        var error = Assert.Throws<IpamExhaustedException>(() => allocator.Allocate("d", "eth0", sets));

        Assert.Equal("no free address left in 100.100.1.0/24 (range 100.100.1.2-100.100.1.4): 3 addresses leased", error.Message);
    }

    [Fact]
    public void Failed_allocation_leaves_nothing_reserved_in_other_range_sets()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet v4 = Set("10.1.2.0/24");
        RangeSet tinyV6 = Set("fd00:1::/126", "fd00:1::2", "fd00:1::2");
        allocator.Allocate("a", "eth0", [tinyV6]);

        Assert.Throws<IpamExhaustedException>(() => allocator.Allocate("b", "eth0", [v4, tinyV6]));

        Lease only = Assert.Single(_leases.NewStore().ListAttachments());
        Assert.Equal("a", only.ContainerId);
    }

    [Fact]
    public void Dual_stack_allocation_takes_one_address_per_set()
    {
        IReadOnlyList<Allocation> allocations = _leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24"), Set("fd00:1::/64")]);

        Assert.Equal(
            [new Allocation(Ip("10.1.2.2"), 24, Ip("10.1.2.1"), 0), new Allocation(Ip("fd00:1::2"), 64, Ip("fd00:1::1"), 1)],
            allocations);
    }

    [Fact]
    public void Ipv6_walk_carries_past_a_32_bit_boundary()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets = [Set("fd00:1::/64", "fd00:1::ffff:fffe", "fd00:1::1:0:1")];

        IPAddress[] addresses = [.. new[] { "a", "b", "c" }.Select(id => allocator.Allocate(id, "eth0", sets)[0].Address)];

        Assert.Equal([Ip("fd00:1::ffff:fffe"), Ip("fd00:1::ffff:ffff"), Ip("fd00:1::1:0:0")], addresses);
    }

    [Fact]
    public void Release_is_idempotent_and_counts_what_it_released()
    {
        IpAllocator allocator = _leases.NewAllocator();
        allocator.Allocate("c1", "eth0", [Set("10.1.2.0/24"), Set("fd00:1::/64")]);

        Assert.Equal(2, allocator.Release("c1", "eth0"));
        Assert.Equal(0, allocator.Release("c1", "eth0"));
        Assert.Empty(_leases.NewStore().ListAttachments());
    }

    [Fact]
    public void Release_without_a_lease_directory_is_fine_and_creates_none()
    {
        Assert.Equal(0, _leases.NewAllocator().Release("c1", "eth0"));
        Assert.False(Directory.Exists(_leases.LeasePath));
    }

    [Fact]
    public void Gc_keeps_valid_attachments_and_releases_the_rest()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets = [Set("10.1.2.0/24")];
        allocator.Allocate("keep", "eth0", sets);
        allocator.Allocate("gone", "eth0", sets);
        allocator.Allocate("keep", "net1", sets);
        _leases.WriteLeaseFile("10.1.2.50", "legacy");

        IReadOnlyList<Lease> released = allocator.Gc(new HashSet<(string, string)> { ("keep", "eth0"), ("legacy", "eth0") });

        Assert.Equal(["gone/eth0", "keep/net1"], released.Select(lease => $"{lease.ContainerId}/{lease.IfName}").Order());
        Assert.Equal(
            ["keep/eth0", "legacy/"],
            _leases.NewStore().ListAttachments().Select(lease => $"{lease.ContainerId}/{lease.IfName}").Order());
    }

    [Fact]
    public void Gc_without_a_lease_directory_releases_nothing()
    {
        Assert.Empty(_leases.NewAllocator().Gc(new HashSet<(string, string)>()));
    }

    [Fact]
    public void Status_counts_free_addresses_without_the_gateway()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets = [Set("10.1.2.0/29")];

        Assert.Equal(new IpamStatus(true, 5, null), allocator.Status(sets));
        allocator.Allocate("c1", "eth0", sets);
        allocator.Allocate("c2", "eth0", sets);
        Assert.Equal(new IpamStatus(true, 3, null), allocator.Status(sets));
    }

    [Fact]
    public void Status_reports_a_full_range()
    {
        IpAllocator allocator = _leases.NewAllocator();
        RangeSet[] sets = [Set("10.1.2.0/30")];
        allocator.Allocate("c1", "eth0", sets);

        Assert.Equal(new IpamStatus(true, 0, "no free address left in 10.1.2.0/30 (range 10.1.2.1-10.1.2.2)"), allocator.Status(sets));
    }

    [Fact]
    public void Status_saturates_for_huge_ipv6_ranges()
    {
        Assert.Equal(long.MaxValue, _leases.NewAllocator().Status([Set("fd00::/64"), Set("10.1.2.0/24")]).FreeAddresses);
    }

    [Fact]
    public void Status_reports_an_unwritable_directory()
    {
        _leases.WriteLeaseFile("blocker", "");
        var allocator = new IpAllocator(new LeaseStore(Path.Join(_leases.LeasePath, "blocker", "net")));

        IpamStatus status = allocator.Status([Set("10.1.2.0/24")]);

        Assert.False(status.Writable);
        Assert.StartsWith($"lease directory {_leases.LeasePath}/blocker/net is not writable: ", status.Problem, StringComparison.Ordinal);
    }
}
