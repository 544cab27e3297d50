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
            return errno is Errno.ENOENT or Errno.ENOTDIR ? null : throw Errno.Failure("open", path, errno);
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

                throw Errno.Failure("read", path, errno);
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
    /// written over the old bytes from the start, then cut to the new length if the old was longer (fstat(2) tells: a
    /// needless ftruncate(2) cost 2-3 us on ext4 against 0.3 for the fstat). Never truncated to zero first and never
    /// renamed over: on ext4 either makes the kernel start writing the file to disk at once (auto_da_alloc), which under
    /// load costs milliseconds. The price: a writer killed between the write and the cut leaves the new text followed
    /// by the tail of a longer old one, so use it only for what may read back as anything (a hint).
    /// </summary>
    public static void Overwrite(string path, ReadOnlySpan<byte> contents, int mode)
    {
        using var file = Interop.Open(path, Interop.O_WRONLY | Interop.O_CREAT | Interop.O_CLOEXEC, mode);
        if (file.IsInvalid)
        {
            throw Errno.Failure("open", path, Marshal.GetLastPInvokeError());
        }

        WriteOver(file, contents, path);
    }

    /// <summary>
    /// <see cref="Overwrite"/> on a file opened already (at offset 0): the contents over the old bytes, then the file cut to
    /// their length if it was longer; <paramref name="path"/> names the file in errors.
    /// </summary>
    internal static void WriteOver(SafeFileDescriptorHandle file, ReadOnlySpan<byte> contents, string path)
    {
        WriteAll(file, contents, path);
        if (Interop.Fstat(file, out var status) == 0 && status.Size <= contents.Length)
        {
            return;
        }

        if (Interop.Ftruncate(file, contents.Length) != 0)
        {
            throw Errno.Failure("ftruncate", path, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>write(2) until all of <paramref name="contents"/> is written; <paramref name="path"/> names the file in errors.</summary>
    internal static unsafe void WriteAll(SafeFileDescriptorHandle file, ReadOnlySpan<byte> contents, string path)
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

                    throw Errno.Failure("write", path, errno);
                }

                written += (int)result;
            }
        }
    }
}
