using System.Runtime.InteropServices;
using System.Text;
using HumanzCni.Native;

namespace HumanzCni.Chain.Logging;

/// <summary>
/// A file opened with O_APPEND where each line goes out in a single write(2): the kernel appends
/// each write whole, so plugin processes logging at the same time never interleave within a line.
/// </summary>
public sealed class AppendOnlyFile : IDisposable
{
    private readonly int _fd;

    private AppendOnlyFile(int fd) => _fd = fd;

    /// <summary>Opens (creating, mode 0640) the file; null when it cannot be opened: logging must never fail a CNI call.</summary>
    public static AppendOnlyFile? TryOpen(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        var fd = Interop.Open(path, Interop.O_WRONLY | Interop.O_CREAT | Interop.O_APPEND | Interop.O_CLOEXEC, 0b110_100_000);
        return fd < 0 ? null : new AppendOnlyFile(fd);
    }

    /// <summary>Appends <paramref name="line"/> and a newline in one write; a failed write is dropped.</summary>
    public unsafe void WriteLine(string line)
    {
        var length = Encoding.UTF8.GetByteCount(line) + 1;
        var buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(line, buffer);
        buffer[^1] = (byte)'\n';
        fixed (byte* bytes = buffer)
        {
            // One write is the whole point; a short write on a regular file only happens when the disk is full.
            while (Interop.Write(_fd, bytes, length) < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
            {
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Interop.Close(_fd);
}
