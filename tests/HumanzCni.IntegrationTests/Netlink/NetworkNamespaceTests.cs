using HumanzCni.Netlink;

namespace HumanzCni.IntegrationTests.Netlink;

public sealed class NetworkNamespaceTests
{
    [Fact]
    public void Open_MissingPath_ThrowsFileNotFoundNamingThePath()
    {
        const string path = "/var/run/netns/hzt-nl-does-not-exist";

        var error = Assert.Throws<FileNotFoundException>(() => NetworkNamespace.Open(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FileName);
    }

    [Theory]
    [InlineData("/proc/self/ns/uts")]
    [InlineData("/etc/hostname")]
    public void Open_NotANetworkNamespace_ThrowsInvalidOperation(string path)
    {
        Assert.Throws<InvalidOperationException>(() => NetworkNamespace.Open(path));
    }

    [Fact]
    public void Run_ExecutesInsideTheNamespace_AndLeavesCallerWhereItWas()
    {
        using var ns = TestNamespace.Create();
        ns.Ip("link", "add", "hzmarker0", "type", "bridge");
        var callerNamespace = NamespaceInode();

        var (inside, sawMarker) = ns.Handle.Run(() =>
        {
            using var netlink = RtNetlink.Open();
            return (NamespaceInode(), netlink.GetLink("hzmarker0") is not null);
        });

        Assert.True(sawMarker);
        Assert.NotEqual(callerNamespace, inside);
        Assert.Equal(callerNamespace, NamespaceInode());
    }

    [Fact]
    public void Run_RethrowsTheWorksException()
    {
        using var ns = TestNamespace.Create();

        var error = Assert.Throws<InvalidDataException>(() => ns.Handle.Run(() => throw new InvalidDataException("boom")));

        Assert.Equal("boom", error.Message);
        Assert.Contains(nameof(Run_RethrowsTheWorksException), error.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WorksOnAThreadOfItsOwn_ThatCanCollectWhileTheCallerWaits()
    {
        using var ns = TestNamespace.Create();
        var caller = Environment.CurrentManagedThreadId;

        // A collection waits for every thread running managed code to stop: it completes because the caller waits
        // outside it (in pthread_join, through a P/Invoke).
        var (worker, collections) = ns.Handle.Run(() =>
        {
            var before = GC.CollectionCount(0);
            GC.Collect();
            return (Environment.CurrentManagedThreadId, GC.CollectionCount(0) - before);
        });

        Assert.NotEqual(caller, worker);
        Assert.True(collections >= 1);
    }

    [Fact]
    public void Run_ProcSelfNamespace_Works()
    {
        using var self = NetworkNamespace.Open("/proc/self/ns/net");

        var ran = false;
        self.Run(() => ran = true);

        Assert.True(ran);
    }

    [Fact]
    public void Dispose_ThenRun_ThrowsObjectDisposed()
    {
        using var ns = TestNamespace.Create();
        var handle = NetworkNamespace.Open(ns.Path);
        handle.Dispose();

        Assert.Throws<ObjectDisposedException>(() => handle.Run(() => 1));
    }

    /// <summary>The inode of the calling thread's network namespace: the namespace's identity.</summary>
    private static string NamespaceInode() => new FileInfo("/proc/thread-self/ns/net").LinkTarget!;
}
