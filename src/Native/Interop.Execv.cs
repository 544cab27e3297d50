using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>execv(3): replaces this process with another program (same pid, namespaces and signals); returns only on failure.
    /// <paramref name="argv"/> must end with null.</summary>
    [LibraryImport(Libc, EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Execv(string path, string?[] argv);
}
