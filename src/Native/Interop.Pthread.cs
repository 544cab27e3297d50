using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>Room for a pthread_attr_t: 56 bytes on x86-64 (glibc and musl), 64 on arm64 glibc.</summary>
    public const int PthreadAttrSize = 128;

    /// <summary>pthread_attr_init(3); returns 0 or an error number (no errno).</summary>
    [LibraryImport(Libc, EntryPoint = "pthread_attr_init")]
    public static unsafe partial int PthreadAttrInit(void* attributes);

    /// <summary>pthread_attr_setstacksize(3); returns 0 or an error number.</summary>
    [LibraryImport(Libc, EntryPoint = "pthread_attr_setstacksize")]
    public static unsafe partial int PthreadAttrSetStackSize(void* attributes, nuint stackSize);

    /// <summary>pthread_attr_destroy(3).</summary>
    [LibraryImport(Libc, EntryPoint = "pthread_attr_destroy")]
    public static unsafe partial int PthreadAttrDestroy(void* attributes);

    /// <summary>pthread_create(3): starts <paramref name="start"/>(<paramref name="argument"/>) on a new thread;
    /// returns 0 or an error number.</summary>
    [LibraryImport(Libc, EntryPoint = "pthread_create")]
    public static unsafe partial int PthreadCreate(out nuint thread, void* attributes, delegate* unmanaged<nint, nint> start, nint argument);

    /// <summary>pthread_join(3) without the thread's result: waits until the thread has ended; returns 0 or an
    /// error number.</summary>
    [LibraryImport(Libc, EntryPoint = "pthread_join")]
    public static partial int PthreadJoin(nuint thread, nint result);
}
