using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>unshare(2): gives the calling thread new namespaces of the given CLONE_* kinds.</summary>
    [LibraryImport(Libc, EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);
}
