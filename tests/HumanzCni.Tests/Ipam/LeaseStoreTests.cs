using System.Net;
using HumanzCni.Stages.Ipam;
using static HumanzCni.Tests.Ipam.LeaseDirectoryFixture;

namespace HumanzCni.Tests.Ipam;

public sealed class LeaseStoreTests : IDisposable
{
    private readonly LeaseDirectoryFixture _leases = new();

    public void Dispose() => _leases.Dispose();

    [Fact]
    public void Files_use_host_local_names_and_contents()
    {
        _leases.NewAllocator().Allocate("c1", "eth0", [Set("10.1.2.0/24"), Set("fd00:1::/64")]);

        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("fd00:1::2"));
        Assert.Equal("10.1.2.2", _leases.ReadLeaseFile("last_reserved_ip.0"));
        Assert.Equal("fd00:1::2", _leases.ReadLeaseFile("last_reserved_ip.1"));
        Assert.True(File.Exists(Path.Join(_leases.LeasePath, "lock")));
    }

    [Fact]
    public void Directory_and_lease_files_get_host_local_permissions()
    {
        _leases.NewStore().Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);

        Assert.Equal("rwxr-xr-x", Describe(File.GetUnixFileMode(_leases.LeasePath)));
        Assert.Equal("rw-r--r--", Describe(File.GetUnixFileMode(Path.Join(_leases.LeasePath, "10.1.2.2"))));
    }

    [Fact]
    public void Reserving_a_leased_address_fails_and_keeps_the_first_owner()
    {
        LeaseStore store = _leases.NewStore();

        Assert.True(store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0));
        Assert.False(store.Reserve(Ip("10.1.2.2"), "c2", "eth0", 0));
        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
    }

    [Fact]
    public void Leases_written_by_host_local_are_honoured()
    {
        _leases.WriteLeaseFile("10.1.2.2", "c1\r\neth0");
        _leases.WriteLeaseFile("10.1.2.3", "legacy");
        _leases.WriteLeaseFile("last_reserved_ip.0", "10.1.2.5");
        LeaseStore store = _leases.NewStore();

        IPAddress next = new IpAllocator(store).Allocate("c2", "eth0", [Set("10.1.2.0/24")])[0].Address;

        Assert.Equal(Ip("10.1.2.6"), next);
        Assert.Equal([Ip("10.1.2.2")], store.FindByAttachment("c1", "eth0"));
        Assert.Empty(store.FindByAttachment("c1", "net1"));
        Assert.Equal([Ip("10.1.2.3")], store.FindByAttachment("legacy", "any-interface"));
    }

    [Fact]
    public void Container_ids_match_exactly()
    {
        LeaseStore store = _leases.NewStore();
        store.Reserve(Ip("10.1.2.2"), "abc", "eth0", 0);

        Assert.Empty(store.FindByAttachment("ab", "eth0"));
        Assert.Empty(store.FindByAttachment("ABC", "eth0"));
    }

    [Fact]
    public void Listing_ignores_files_that_are_not_leases()
    {
        LeaseStore store = _leases.NewStore();
        store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);
        _leases.WriteLeaseFile("last_reserved_ip.0.tmp", "10.1.2.9");
        _leases.WriteLeaseFile("10.1", "not a full address");

        Lease lease = Assert.Single(store.ListAttachments());

        Assert.Equal(new Lease(Ip("10.1.2.2"), "c1", "eth0"), lease);
    }

    [Fact]
    public void A_reservation_leaves_only_the_complete_lease_in_the_directory()
    {
        _leases.NewStore().Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);

        Assert.Equal(["10.1.2.2", "last_reserved_ip.0", "lock"], Directory.GetFiles(_leases.LeasePath).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_O_TMPFILE_a_reservation_goes_through_a_temp_file_and_still_leaves_only_the_complete_lease()
    {
        var store = new LeaseStore(_leases.LeasePath, unnamedFiles: false);

        Assert.True(store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0));
        Assert.False(store.Reserve(Ip("10.1.2.2"), "c2", "eth0", 0));

        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
        Assert.Equal("rw-r--r--", Describe(File.GetUnixFileMode(Path.Join(_leases.LeasePath, "10.1.2.2"))));
        Assert.Equal(["10.1.2.2", "last_reserved_ip.0", "lock"], Directory.GetFiles(_leases.LeasePath).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_last_reserved_address_is_rewritten_whole_when_the_new_one_is_shorter()
    {
        LeaseStore store = _leases.NewStore();
        store.Reserve(Ip("10.1.2.100"), "c1", "eth0", 0);
        store.Reserve(Ip("10.1.2.5"), "c2", "eth0", 0);

        Assert.Equal("10.1.2.5", _leases.ReadLeaseFile("last_reserved_ip.0"));
        Assert.Equal(Ip("10.1.2.5"), store.LastReserved(0));
    }

    [Fact]
    public void A_last_reserved_file_torn_by_a_killed_writer_reads_as_none_and_allocation_goes_on()
    {
        // Written in place: a writer killed between writing a short IPv4 address over a longer IPv6 one and cutting
        // the file to length leaves both.
        _leases.WriteLeaseFile("last_reserved_ip.0", "10.1.2.5:1::ffff");
        LeaseStore store = _leases.NewStore();

        Assert.Null(store.LastReserved(0));
        Assert.Equal(Ip("10.1.2.2"), new IpAllocator(store).Allocate("c1", "eth0", [Set("10.1.2.0/24")])[0].Address);
        Assert.Equal("10.1.2.2", _leases.ReadLeaseFile("last_reserved_ip.0"));
    }

    [Fact]
    public void A_reservation_cut_short_before_its_lease_got_a_name_leaves_nothing_after_the_next_listing()
    {
        LeaseStore store = _leases.NewStore();
        store.Reserve(Ip("10.1.2.3"), "c1", "eth0", 0);
        // What a plugin killed between writing the lease's contents and linking them into place leaves.
        _leases.WriteLeaseFile(".reserving.4242.10.1.2.2", "c2\r\neth0");

        Assert.Empty(store.FindByAttachment("c2", "eth0"));

        Assert.False(File.Exists(Path.Join(_leases.LeasePath, ".reserving.4242.10.1.2.2")));
        Assert.Equal([Ip("10.1.2.3")], store.FindByAttachment("c1", "eth0"));
    }

    [Fact]
    public void An_empty_lease_left_by_an_older_version_frees_its_address()
    {
        // An older version created the lease file, then wrote it; killed in between it left the file empty,
        // naming no container, so no DEL could ever release the address.
        _leases.WriteLeaseFile("10.1.2.2", "");
        LeaseStore store = _leases.NewStore();

        IPAddress next = new IpAllocator(store).Allocate("c1", "eth0", [Set("10.1.2.0/24", "10.1.2.2", "10.1.2.2")])[0].Address;

        Assert.Equal(Ip("10.1.2.2"), next);
        Assert.Equal("c1\r\neth0", _leases.ReadLeaseFile("10.1.2.2"));
    }

    [Fact]
    public void ReleaseByAttachment_returns_what_it_released()
    {
        LeaseStore store = _leases.NewStore();
        store.Reserve(Ip("10.1.2.2"), "c1", "eth0", 0);
        store.Reserve(Ip("10.1.2.3"), "c1", "net1", 0);

        Assert.Equal([Ip("10.1.2.2")], store.ReleaseByAttachment("c1", "eth0"));
        Assert.False(store.Release(Ip("10.1.2.2")));
        Assert.True(store.Release(Ip("10.1.2.3")));
    }

    [Fact]
    public void Line_breaks_in_ids_are_rejected_because_they_would_corrupt_the_format()
    {
        Assert.Throws<ArgumentException>(() => _leases.NewStore().Reserve(Ip("10.1.2.2"), "c1\r\nx", "eth0", 0));
    }

    private static string Describe(UnixFileMode mode) => string.Concat(
        Bit(mode, UnixFileMode.UserRead, 'r'), Bit(mode, UnixFileMode.UserWrite, 'w'), Bit(mode, UnixFileMode.UserExecute, 'x'),
        Bit(mode, UnixFileMode.GroupRead, 'r'), Bit(mode, UnixFileMode.GroupWrite, 'w'), Bit(mode, UnixFileMode.GroupExecute, 'x'),
        Bit(mode, UnixFileMode.OtherRead, 'r'), Bit(mode, UnixFileMode.OtherWrite, 'w'), Bit(mode, UnixFileMode.OtherExecute, 'x'));

    private static char Bit(UnixFileMode mode, UnixFileMode bit, char set) => mode.HasFlag(bit) ? set : '-';
}
