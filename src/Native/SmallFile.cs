using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

/// <summary>
/// Small whole files (a lease, a hint, a /proc value) read and written with plain open(2), read(2), write(2) and
/// close(2). A FileStream (or File.ReadAllText, File.OpenHandle) wraps every open in flock(LOCK_SH|LOCK_NB) and
/// flock(LOCK_UN), .NET's emulation of FileShare, and adds fstatfs, ftruncate and lseek when it writes: eight to
/// eleven system calls where three or four do. Nothing here relies on that emulation: the files these calls touch are
/// guarded by explicit flock(2) locks of their own (a lease directory's lock file) or by nothing at all (/proc).
/// </summary>
internal static class SmallFile
{
    private const int StackBufferSize = 512;

    /// <summary>What <see cref="TryCreateComplete"/> did.</summary>
    internal enum CreateOutcome
    {
        /// <summary>The file exists now, with all its contents.</summary>
        Created,

        /// <summary>The name was taken already; nothing was created.</summary>
        NameTaken,

        /// <summary>The file system has no O_TMPFILE (or /proc is not mounted); nothing was created.</summary>
        Unsupported,
    }

    /// <summary>
    /// The file's contents as UTF-8 text, or null when it does not exist. Read until a read returns less than asked:
    /// for a regular file or a /proc value that is its end, so a small file costs open, one read and close.
    /// </summary>
    public static unsafe string? ReadText(string path)
    {
        using var file = Interop.Open(path, Interop.O_RDONLY | Interop.O_CLOEXEC, 0);
        if (file.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is Errno.ENOENT or Errno.ENOTDIR ? null : throw Failure("open", path, errno);
        }

        Span<byte> buffer = stackalloc byte[StackBufferSize];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var bigger = new byte[buffer.Length * 2];
                buffer.CopyTo(bigger);
                buffer = bigger;
            }

            nint read;
            fixed (byte* pointer = buffer)
            {
                read = Interop.Read(file, pointer + length, buffer.Length - length);
            }

            if (read < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Errno.EINTR)
                {
                    continue;
                }

                throw Failure("read", path, errno);
            }

            length += (int)read;
            if (length < buffer.Length)
            {
                return Encoding.UTF8.GetString(buffer[..length]);
            }
        }
    }

    /// <summary>
    /// Replaces the file's contents in place (creating it with <paramref name="mode"/>, less the umask, if missing):
    /// written over the old bytes from the start, then cut to the new length. Never truncated to zero first and never
    /// renamed over: on ext4 either makes the kernel start writing the file to disk at once (auto_da_alloc), which under
    /// load costs milliseconds. The price: a writer killed between the write and the cut leaves the new text followed
    /// by the tail of a longer old one, so use it only for what may read back as anything (a hint).
    /// </summary>
    public static void Overwrite(string path, ReadOnlySpan<byte> contents, int mode)
    {
        using var file = Interop.Open(path, Interop.O_WRONLY | Interop.O_CREAT | Interop.O_CLOEXEC, mode);
        if (file.IsInvalid)
        {
            throw Failure("open", path, Marshal.GetLastPInvokeError());
        }

        WriteAll(file, contents, path);
        if (Interop.Ftruncate(file, contents.Length) != 0)
        {
            throw Failure("ftruncate", path, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="contents"/> (mode <paramref name="mode"/>, less the umask)
    /// in one step, failing if the name is taken: the contents go into an unnamed file in the directory (O_TMPFILE),
    /// which linkat(2) then names. No other process ever sees it empty or half-written, and a process killed before the
    /// link leaves nothing behind: the unnamed file goes with its last descriptor.
    /// </summary>
    public static CreateOutcome TryCreateComplete(string path, ReadOnlySpan<byte> contents, int mode)
    {
        var directory = Path.GetDirectoryName(path) is { Length: > 0 } parent ? parent : ".";
        using var file = Interop.Open(directory, Interop.O_TMPFILE | Interop.O_WRONLY | Interop.O_CLOEXEC, mode);
        if (file.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            // Kernels and file systems without O_TMPFILE refuse it with one of these.
            return errno is Errno.EOPNOTSUPP or Errno.EISDIR or Errno.EINVAL
                ? CreateOutcome.Unsupported
                : throw Failure("open O_TMPFILE", directory, errno);
        }

        WriteAll(file, contents, path);
        var self = "/proc/self/fd/" + file.DangerousGetHandle().ToString(CultureInfo.InvariantCulture);
        if (Interop.Linkat(Interop.AT_FDCWD, self, Interop.AT_FDCWD, path, Interop.AT_SYMLINK_FOLLOW) == 0)
        {
            return CreateOutcome.Created;
        }

        var linkErrno = Marshal.GetLastPInvokeError();
        return linkErrno switch
        {
            Errno.EEXIST => CreateOutcome.NameTaken,
            // No /proc to name the descriptor by.
            Errno.ENOENT when !Directory.Exists("/proc/self/fd") => CreateOutcome.Unsupported,
            _ => throw Failure("linkat", path, linkErrno),
        };
    }

    private static unsafe void WriteAll(SafeFileDescriptorHandle file, ReadOnlySpan<byte> contents, string path)
    {
        fixed (byte* start = contents)
        {
            var written = 0;
            while (written < contents.Length)
            {
                var result = Interop.Write(file, start + written, contents.Length - written);
                if (result < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    throw Failure("write", path, errno);
                }

                written += (int)result;
            }
        }
    }

    private static IOException Failure(string call, string path, int errno) =>
        new($"{call} {path}: {Errno.Describe(errno)} (errno {errno})");
}
