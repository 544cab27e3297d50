using System.Runtime.InteropServices;
using System.Text;

namespace HumanzCni.Native;

/// <summary>
/// A directory's entries with their inode numbers, read with getdents64(2): one system call per few hundred
/// entries, and no stat(2) of any of them to tell which names are links to the same file. .NET's enumeration
/// hands over names and types only.
/// </summary>
internal static class DirectoryEntries
{
    /// <summary>One name in a directory and the inode it links to.</summary>
    internal readonly record struct Entry(string Name, ulong Inode);

    private const int BufferSize = 16 * 1024;

    // struct linux_dirent64: d_ino (u64), d_off (s64), d_reclen (u16), d_type (u8), d_name (NUL-terminated).
    private const int ReclenOffset = 16;
    private const int NameOffset = 19;

    /// <summary>Every entry but "." and "..", in the order the file system keeps them; null when the directory does not exist.</summary>
    public static unsafe List<Entry>? Read(string path)
    {
        using var directory = Interop.Open(path, Interop.O_RDONLY | Interop.O_DIRECTORY | Interop.O_CLOEXEC, 0);
        if (directory.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.ENOENT ? null : throw Errno.Failure("open", path, errno);
        }

        var entries = new List<Entry>();
        var buffer = new byte[BufferSize];
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var length = Interop.Getdents64(directory, start, BufferSize);
                if (length < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw Errno.Failure("getdents64", path, errno);
                }

                if (length == 0)
                {
                    return entries;
                }

                for (var offset = 0; offset < length; offset += *(ushort*)(start + offset + ReclenOffset))
                {
                    var record = new ReadOnlySpan<byte>(start + offset, *(ushort*)(start + offset + ReclenOffset));
                    var name = record[NameOffset..];
                    name = name[..name.IndexOf((byte)0)];
                    if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                    {
                        entries.Add(new Entry(Encoding.UTF8.GetString(name), MemoryMarshal.Read<ulong>(record)));
                    }
                }
            }
        }
    }
}
