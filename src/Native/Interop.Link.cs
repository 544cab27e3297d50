using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>
    /// link(2): a second name for an existing file. Fails with EEXIST when the new name is taken, never
    /// replacing it: what a lease needs to appear complete and exclusively at once (.NET has no hard-link API).
    /// </summary>
    [LibraryImport(Libc, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);
}
