using System.Runtime.InteropServices;
using HumanzCni.Native;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Netlink;

/// <summary>
/// A handle on a network namespace (a file such as /var/run/netns/NAME or /proc/PID/ns/net).
/// Work runs inside it on a dedicated OS thread that enters the namespace with setns(2) and then
/// ends, so no thread of the process is ever left in the wrong namespace.
/// </summary>
/// <remarks>
/// Only the work's own thread is inside the namespace: anything it hands to the thread pool (an await
/// that resumes elsewhere, Task.Run) runs in the process's namespace. Keep the work synchronous.
/// A netlink socket or /proc/sys file opened inside stays bound to the namespace afterwards.
/// </remarks>
public sealed class NetworkNamespace : IDisposable
{
    /// <summary>Enough for netlink calls, sysctls and ordinary managed code; the thread lives for one Run.</summary>
    private const int WorkerStackSize = 512 * 1024;

    private readonly string _path;
    private readonly SafeNamespaceHandle _handle;

    private NetworkNamespace(string path, SafeNamespaceHandle handle)
    {
        _path = path;
        _handle = handle;
    }

    /// <summary>Opens the namespace file. A path that does not exist throws <see cref="FileNotFoundException"/>;
    /// a file that is not a network namespace throws <see cref="InvalidOperationException"/>.</summary>
    public static NetworkNamespace Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Read-only is all setns(2) and IFLA_NET_NS_FD need; CLOEXEC keeps the handle out of children.
        var handle = Interop.OpenNamespace(path, Interop.O_RDONLY | Interop.O_CLOEXEC, 0);
        if (handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            if (errno == Errno.ENOENT)
            {
                throw new FileNotFoundException($"network namespace {path} does not exist", path);
            }

            throw new IOException($"cannot open network namespace {path}: {Errno.Describe(errno)} (errno {errno})");
        }

        // One cheap ioctl tells a network namespace from any other file (ENOTTY) or another namespace
        // type, so a wrong path fails here rather than at the first Run.
        var type = Interop.Ioctl(handle, Interop.NS_GET_NSTYPE, 0);
        if (type >= 0 ? type != Interop.CLONE_NEWNET : Marshal.GetLastPInvokeError() == Interop.ENOTTY)
        {
            handle.Dispose();
            throw new InvalidOperationException($"{path} is not a network namespace");
        }

        return new NetworkNamespace(path, handle);
    }

    /// <summary>The open namespace file descriptor (for IFLA_NET_NS_FD); valid until this handle is disposed.</summary>
    public int FileDescriptor
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return (int)_handle.DangerousGetHandle();
        }
    }

    /// <summary>The namespace file this handle was opened from.</summary>
    public string Path => _path;

    /// <summary>Runs <paramref name="work"/> on a fresh thread inside this namespace and returns its result;
    /// an exception thrown by the work is rethrown here with its original stack.</summary>
    public T Run<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        T result = default!;
        var kernelTime = NetlinkKernelTime.ThreadTotal;
        DedicatedThread.Run(
            () =>
            {
                // The caller waits meanwhile, so its netlink kernel time goes on from this thread.
                NetlinkKernelTime.ThreadTotal = kernelTime;
                Enter();
                result = work();
            },
            WorkerStackSize);
        return result;
    }

    /// <summary>Runs <paramref name="work"/> on a fresh thread inside this namespace, as <see cref="Run{T}"/> does.</summary>
    public void Run(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Run(() =>
        {
            work();
            return true;
        });
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    /// <summary>Moves the calling thread, and only it, into the namespace.</summary>
    private void Enter()
    {
        if (Interop.SetNs(_handle, Interop.CLONE_NEWNET) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == Errno.EINVAL)
        {
            // setns with an nstype that does not match the file: it is some other namespace or no namespace at all.
            throw new InvalidOperationException($"{_path} is not a network namespace");
        }

        throw new IOException($"setns({_path}, CLONE_NEWNET): {Errno.Describe(errno)} (errno {errno})");
    }
}
