using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>pthread_create(3) with default attributes; returns 0 or an error number (it sets no errno).</summary>
    [LibraryImport(Libc, EntryPoint = "pthread_create")]
    public static unsafe partial int PthreadCreate(out nuint thread, void* attributes, delegate* unmanaged<nint, nint> start, nint argument);

    /// <summary>pthread_join(3), ignoring the thread's return value; returns 0 or an error number.</summary>
    [LibraryImport(Libc, EntryPoint = "pthread_join")]
    public static unsafe partial int PthreadJoin(nuint thread, void* result);
}
