using System.Runtime.InteropServices;
using HumanzCni.Native;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// host-local's "lock" file, held with flock(LOCK_EX) so plugin processes running at the same
/// time take turns on the lease directory. flock belongs to the open file description, so
/// every instance opens its own descriptor; within one instance the lock is re-entrant for the
/// owning thread (a Monitor) so an allocation can call the store's self-locking operations
/// while it already holds the lock.
/// </summary>
internal sealed class LeaseDirectoryLock(string lockFilePath)
{
    private const int ReadWriteForOwner = 0b110_000_000;

    private readonly Lock gate = new();
    private int depth;
    private SafeLockFileHandle? file;

    /// <summary>Whether this thread holds the lock already (an operation running inside another's hold).</summary>
    public bool IsHeldByCurrentThread => gate.IsHeldByCurrentThread;

    /// <summary>Blocks until this thread holds the lock; dispose the result to let go.</summary>
    public Holder Acquire()
    {
        gate.Enter();
        try
        {
            if (depth == 0)
            {
                file = OpenAndLock(lockFilePath);
            }

            depth++;
            return new Holder(this);
        }
        catch
        {
            gate.Exit();
            throw;
        }
    }

    private void Release()
    {
        depth--;
        if (depth == 0)
        {
            // Disposing unlocks, then closes (SafeLockFileHandle).
            file?.Dispose();
            file = null;
        }

        gate.Exit();
    }

    private static SafeLockFileHandle OpenAndLock(string path)
    {
        SafeLockFileHandle opened = Interop.OpenLockFile(path, Interop.O_RDWR | Interop.O_CREAT | Interop.O_CLOEXEC, ReadWriteForOwner);
        if (opened.IsInvalid)
        {
            IOException failure = Failure("open", path);
            opened.Dispose();
            throw failure;
        }

        while (Interop.Flock(opened, Interop.LOCK_EX) != 0)
        {
            // A signal may interrupt the wait; anything else is a real failure.
            if (Marshal.GetLastPInvokeError() != Errno.EINTR)
            {
                IOException failure = Failure("flock", path);
                opened.Dispose();
                throw failure;
            }
        }

        return opened;
    }

    private static IOException Failure(string call, string path)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} {path}: {Errno.Describe(errno)} (errno {errno})");
    }

    /// <summary>One acquisition; disposing it twice releases once.</summary>
    public sealed class Holder(LeaseDirectoryLock owner) : IDisposable
    {
        private LeaseDirectoryLock? owner = owner;

        public void Dispose() => Interlocked.Exchange(ref owner, null)?.Release();
    }
}
