using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const int CLONE_NEWNET = 0x40000000;

    /// <summary>setns(2): moves the calling thread (not the process) into the namespace behind fd.</summary>
    [LibraryImport(Libc, EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(SafeNamespaceHandle fd, int nsType);
}
