using System.Runtime.InteropServices;
using HumanzCni.Native;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Stages.Kernel;

/// <summary>
/// A lock file held with flock(LOCK_EX), so plugin processes running at the same time take turns on what
/// it guards (host-local's "lock" file in a lease directory, the node's nftables rules). flock belongs to
/// the open file description, so every instance opens its own descriptor; within one instance the lock is
/// re-entrant for the owning thread (a Monitor), so an operation holding it can call others that take it
/// themselves (an allocation calling the lease store's self-locking operations).
/// </summary>
/// <param name="lockFilePath">The lock file, created if missing.</param>
/// <param name="createDirectory">
/// Called when the lock file's directory is missing, before one more try: so a caller whose directory is there on all
/// but the first call pays no mkdir(2) and stat(2) before every hold.
/// </param>
internal sealed class FileLock(string lockFilePath, Action? createDirectory = null)
{
    private const int ReadWriteForOwner = 0b110_000_000;

    private readonly Lock _gate = new();
    private int _depth;
    private SafeLockFileHandle? _file;

    /// <summary>Whether this thread holds the lock already (an operation running inside another's hold).</summary>
    public bool IsHeldByCurrentThread => _gate.IsHeldByCurrentThread;

    /// <summary>Blocks until this thread holds the lock; dispose the result to let go.</summary>
    public Holder Acquire()
    {
        _gate.Enter();
        try
        {
            if (_depth == 0)
            {
                _file = OpenAndLock(lockFilePath, createDirectory);
            }

            _depth++;
            return new Holder(this);
        }
        catch
        {
            _gate.Exit();
            throw;
        }
    }

    private void Release()
    {
        _depth--;
        if (_depth == 0)
        {
            // Disposing unlocks, then closes (SafeLockFileHandle).
            _file?.Dispose();
            _file = null;
        }

        _gate.Exit();
    }

    private static SafeLockFileHandle OpenAndLock(string path, Action? createDirectory)
    {
        SafeLockFileHandle opened = Open(path);
        if (opened.IsInvalid && createDirectory is not null && Marshal.GetLastPInvokeError() == Errno.ENOENT)
        {
            opened.Dispose();
            createDirectory();
            opened = Open(path);
        }

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

    private static SafeLockFileHandle Open(string path) =>
        Interop.OpenLockFile(path, Interop.O_RDWR | Interop.O_CREAT | Interop.O_CLOEXEC, ReadWriteForOwner);

    private static IOException Failure(string call, string path)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} {path}: {Errno.Describe(errno)} (errno {errno})");
    }

    /// <summary>One acquisition; disposing it twice releases once.</summary>
    public sealed class Holder(FileLock owner) : IDisposable
    {
        private FileLock? _owner = owner;

        public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
    }
}
