using System.Runtime.InteropServices;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>renameat2 flag: fail with EEXIST instead of replacing a file the new name already holds.</summary>
    public const int RENAME_NOREPLACE = 1;

    /// <summary>
    /// renameat2(2): moves a name, atomically. With <see cref="RENAME_NOREPLACE"/> it claims the new name the way link(2)
    /// or an O_EXCL create does (EEXIST when taken); a file system without the flag refuses it with EINVAL.
    /// </summary>
    [LibraryImport(Libc, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Renameat2(int oldDirectory, string oldPath, int newDirectory, string newPath, int flags);
}
