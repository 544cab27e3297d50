using System.Runtime.InteropServices;
using System.Text;
using HumanzCni.Native;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Chain.Logging;

/// <summary>
/// A file opened with O_APPEND where each line goes out in a single write(2): the kernel appends
/// each write whole, so plugin processes logging at the same time never interleave within a line.
/// With a <see cref="LogRotation"/>, the file is rotated by size after a write (safe across processes).
/// </summary>
internal sealed class AppendOnlyFile : IDisposable
{
    private readonly string _path;
    private readonly LogRotation? _rotation;

    // Writes and the switch to a rotated-in file are serialized: a logger may be used from several threads.
    private readonly Lock _gate = new();
    private SafeFileDescriptorHandle _file;

    private AppendOnlyFile(string path, SafeFileDescriptorHandle file, LogRotation? rotation)
    {
        _path = path;
        _file = file;
        _rotation = rotation;
    }

    /// <summary>
    /// Opens (creating, mode 0640) the file, rotated as <paramref name="rotation"/> says (null: never); null when
    /// it cannot be opened: logging must never fail a CNI call.
    /// </summary>
    public static AppendOnlyFile? TryOpen(string path, LogRotation? rotation = null)
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

        var file = OpenForAppend(path);
        if (file.IsInvalid)
        {
            file.Dispose();
            return null;
        }

        return new AppendOnlyFile(path, file, rotation);
    }

    /// <summary>Appends <paramref name="line"/> and a newline in one write; a failed write is dropped.</summary>
    public unsafe void WriteLine(string line)
    {
        var length = Encoding.UTF8.GetByteCount(line) + 1;
        var buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(line, buffer);
        buffer[^1] = (byte)'\n';
        lock (_gate)
        {
            // A line logged after Dispose is dropped, as a failed write is: logging never fails a call.
            if (_file.IsClosed)
            {
                return;
            }

            fixed (byte* bytes = buffer)
            {
                // One write is the whole point; a short write on a regular file only happens when the disk is full.
                while (Interop.Write(_file, bytes, length) < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR)
                {
                }
            }

            if (_rotation is not null)
            {
                _file = _rotation.AfterWrite(_path, _file, OpenForAppend);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }

    private static SafeFileDescriptorHandle OpenForAppend(string path) =>
        Interop.Open(path, Interop.O_WRONLY | Interop.O_CREAT | Interop.O_APPEND | Interop.O_CLOEXEC, 0b110_100_000);
}
