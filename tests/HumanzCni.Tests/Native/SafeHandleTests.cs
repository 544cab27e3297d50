using System.Runtime.InteropServices;
using HumanzCni.Native;

namespace HumanzCni.Tests.Native;

/// <summary>The descriptors <see cref="Interop"/> hands out: invalid on failure with errno kept, closed exactly once.</summary>
public sealed class SafeHandleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hzt-safehandle-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_failed_open_is_an_invalid_handle_with_its_errno()
    {
        using var handle = Interop.Open(Path.Combine(_directory, "missing"), Interop.O_RDONLY | Interop.O_CLOEXEC, 0);

        Assert.Equal(Errno.ENOENT, Marshal.GetLastPInvokeError());
        Assert.True(handle.IsInvalid);
    }

    [Fact]
    public void A_disposed_handle_closes_its_descriptor()
    {
        var handle = Interop.OpenNamespace("/proc/self/ns/net", Interop.O_RDONLY | Interop.O_CLOEXEC, 0);
        var descriptor = $"/proc/self/fd/{handle.DangerousGetHandle()}";
        Assert.False(handle.IsInvalid);
        Assert.Equal("net:", File.ResolveLinkTarget(descriptor, returnFinalTarget: false)?.Name[..4]);

        handle.Dispose();

        Assert.False(File.Exists(descriptor));
    }

    [Fact]
    public void A_released_lock_file_handle_lets_another_open_take_the_lock()
    {
        var path = Path.Combine(_directory, "lock");
        const int flags = Interop.O_RDWR | Interop.O_CREAT | Interop.O_CLOEXEC;
        using var other = Interop.OpenLockFile(path, flags, 0b110_000_000);
        var holder = Interop.OpenLockFile(path, flags, 0b110_000_000);
        Assert.Equal(0, Interop.Flock(holder, Interop.LOCK_EX));
        Assert.NotEqual(0, Interop.Flock(other, Interop.LOCK_EX | Interop.LOCK_NB));

        holder.Dispose();

        Assert.Equal(0, Interop.Flock(other, Interop.LOCK_EX | Interop.LOCK_NB));
    }
}
