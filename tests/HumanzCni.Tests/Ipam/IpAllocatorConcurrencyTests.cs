using System.Collections.Concurrent;
using System.Net;
using HumanzCni.Stages.Ipam;
using static HumanzCni.Tests.Ipam.LeaseDirectoryFixture;

namespace HumanzCni.Tests.Ipam;

public sealed class IpAllocatorConcurrencyTests : IDisposable
{
    private const int Allocations = 50;

    private readonly LeaseDirectoryFixture _leases = new();

    public void Dispose() => _leases.Dispose();

    /// <summary>
    /// Each thread has its own store and so its own lock file descriptor, like separate plugin
    /// processes; flock belongs to the open file description, so they exclude each other.
    /// </summary>
    [Fact]
    public void Parallel_allocators_over_one_directory_never_share_an_address()
    {
        RangeSet[] sets = [Set("10.1.2.0/24")];
        var addresses = new ConcurrentBag<IPAddress>();
        var failures = new ConcurrentBag<Exception>();
        using var start = new Barrier(Allocations);
        Thread[] threads =
        [
            .. Enumerable.Range(0, Allocations).Select(i => new Thread(() =>
            {
                var allocator = new IpAllocator(new LeaseStore(_leases.LeasePath));
                start.SignalAndWait();
                try
                {
                    addresses.Add(allocator.Allocate($"container-{i}", "eth0", sets)[0].Address);
                }
                catch (Exception e) when (e is IOException or IpamExhaustedException)
                {
                    failures.Add(e);
                }
            })),
        ];

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Empty(failures);
        Assert.Equal(Allocations, addresses.Distinct().Count());
        Assert.Equal(Allocations, _leases.NewStore().ListAttachments().Count);
    }

    /// <summary>
    /// Exclusive lease files alone would already keep addresses unique; the lock is what keeps
    /// a whole allocation (listing, round-robin cursor, several range sets) one step.
    /// </summary>
    [Fact]
    public void Lock_held_by_one_store_blocks_another_until_released()
    {
        using var acquired = new ManualResetEventSlim();
        IDisposable first = _leases.NewStore().Lock();
        var waiter = new Thread(() =>
        {
            using IDisposable second = _leases.NewStore().Lock();
            acquired.Set();
        });
        waiter.Start();

        bool acquiredWhileHeld = acquired.Wait(TimeSpan.FromMilliseconds(300));
        first.Dispose();
        bool acquiredAfterRelease = acquired.Wait(TimeSpan.FromSeconds(10));
        waiter.Join();

        Assert.False(acquiredWhileHeld);
        Assert.True(acquiredAfterRelease);
    }

    [Fact]
    public void Lock_is_reentrant_for_the_owning_thread_only()
    {
        LeaseStore store = _leases.NewStore();
        using var acquired = new ManualResetEventSlim();
        IDisposable outer = store.Lock();
        store.Lock().Dispose();
        var other = new Thread(() =>
        {
            using IDisposable held = store.Lock();
            acquired.Set();
        });
        other.Start();

        bool acquiredWhileHeld = acquired.Wait(TimeSpan.FromMilliseconds(300));
        outer.Dispose();
        other.Join();

        Assert.False(acquiredWhileHeld);
        Assert.True(acquired.IsSet);
    }
}
