using System.Runtime.InteropServices;

namespace HumanzCni.Native;

/// <summary>
/// Work run on a thread of the C library's own (pthread_create) that ends with it, for what the kernel ties to one
/// thread (setns). A managed <c>new Thread(...).Start()</c> spins in sched_yield until the new thread reports itself
/// started; here the caller blocks in pthread_join at once, and the new thread enters managed code through an
/// <see cref="UnmanagedCallersOnlyAttribute"/> entry point, which attaches it to the runtime.
/// </summary>
internal static unsafe class NativeThread
{
    /// <summary>Runs <paramref name="work"/> on a new thread and waits for it to end. The work must not throw: nothing could catch it there.</summary>
    public static void RunAndWait(Action work)
    {
        var state = GCHandle.Alloc(work);
        var error = Interop.PthreadCreate(out var thread, null, &Start, GCHandle.ToIntPtr(state));
        if (error != 0)
        {
            state.Free();
            throw new IOException($"pthread_create: {Errno.Describe(error)} (errno {error})");
        }

        // Fails only for a thread that is not joinable, which this one is; the work's state is then left allocated
        // rather than freed under a thread that may still run.
        error = Interop.PthreadJoin(thread, null);
        if (error != 0)
        {
            throw new IOException($"pthread_join: {Errno.Describe(error)} (errno {error})");
        }

        state.Free();
    }

    [UnmanagedCallersOnly]
    private static nint Start(nint state)
    {
        ((Action)GCHandle.FromIntPtr(state).Target!)();
        return 0;
    }
}
