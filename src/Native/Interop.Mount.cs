using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    public const ulong MS_BIND = 0x1000;

    /// <summary>mount(2); with MS_BIND it pins a namespace file to a path, as `ip netns add` does.</summary>
    [LibraryImport(Libc, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string? fileSystemType, ulong flags, nint data);
}
