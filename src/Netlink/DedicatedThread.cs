using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using HumanzCni.Native;

namespace HumanzCni.Netlink;

/// <summary>
/// Runs one piece of work on a thread of its own, which starts, runs it and ends while the caller waits: a POSIX
/// thread created and joined directly, which the .NET runtime attaches to itself when it enters the work (as it does
/// any foreign thread calling managed code) and detaches as it ends, before the join returns.
/// </summary>
/// <remarks>
/// What a <see cref="Thread"/> costs on top, measured on a plugin call (bench/README.md, "Process overhead around an ADD"):
/// Thread.Start spins in sched_yield until the new thread has run far enough to mark itself started, which on a
/// loaded node (many plugins on few cores) takes many rounds of the scheduler; Join waits through the runtime's own
/// wait subsystem; and the thread is named (prctl). Here the caller blocks in pthread_join from the start.
/// </remarks>
internal static unsafe class DedicatedThread
{
    /// <summary>Runs <paramref name="work"/> on a new thread with a stack of <paramref name="stackSize"/> bytes and
    /// waits until that thread has ended; an exception the work throws is rethrown here with its original stack.</summary>
    public static void Run(Action work, int stackSize)
    {
        var job = new Job(work);
        var handle = GCHandle.Alloc(job);
        try
        {
            var attributes = stackalloc byte[Interop.PthreadAttrSize];
            Check(Interop.PthreadAttrInit(attributes), "pthread_attr_init");
            nuint thread;
            try
            {
                Check(Interop.PthreadAttrSetStackSize(attributes, (nuint)stackSize), "pthread_attr_setstacksize");
                Check(Interop.PthreadCreate(out thread, attributes, &Start, GCHandle.ToIntPtr(handle)), "pthread_create");
            }
            finally
            {
                Interop.PthreadAttrDestroy(attributes);
            }

            // Blocks in the kernel, out of the runtime's way: a collection the work triggers does not wait for this thread.
            Check(Interop.PthreadJoin(thread, 0), "pthread_join");
        }
        finally
        {
            handle.Free();
        }

        job.Failure?.Throw();
    }

    /// <summary>The new thread's entry: runs the work; nothing may leave an unmanaged entry point, so every
    /// exception is kept for the caller.</summary>
    [UnmanagedCallersOnly]
    private static nint Start(nint state)
    {
        var job = (Job)GCHandle.FromIntPtr(state).Target!;
        try
        {
            job.Work();
        }
        catch (Exception exception)
        {
            job.Failure = ExceptionDispatchInfo.Capture(exception);
        }

        return 0;
    }

    /// <summary>The pthread functions return their error number instead of setting errno.</summary>
    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new IOException($"{call}: {Errno.Describe(error)} (errno {error})");
        }
    }

    private sealed class Job(Action work)
    {
        public Action Work { get; } = work;

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
