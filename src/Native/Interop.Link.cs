using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>O_TMPFILE (with the O_DIRECTORY bit it includes): an unnamed file in the directory opened, which <see cref="Linkat"/> can name later.</summary>
    public const int O_TMPFILE = 0x410000;

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_EMPTY_PATH = 0x1000;

    /// <summary>
    /// link(2): a second name for an existing file. Fails with EEXIST when the new name is taken, never
    /// replacing it: what a lease needs to appear complete and exclusively at once (.NET has no hard-link API).
    /// </summary>
    [LibraryImport(Libc, EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);

    /// <summary>
    /// linkat(2); names an O_TMPFILE file either by its descriptor with AT_EMPTY_PATH and "" (needs
    /// CAP_DAC_READ_SEARCH before Linux 6.10) or with AT_SYMLINK_FOLLOW and "/proc/self/fd/N" as
    /// <paramref name="existingPath"/> (the way open(2) documents). EEXIST when the new name is taken, like link(2).
    /// </summary>
    [LibraryImport(Libc, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Linkat(int existingDirectory, string existingPath, int newDirectory, string newPath, int flags);
}
