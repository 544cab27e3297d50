using System.Globalization;
using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

/// <summary>
/// A file with its whole contents and no name yet (open(2) O_TMPFILE in the directory it will be named in), which
/// <see cref="TryName"/> names with linkat(2), failing if the name is taken: so no other process ever sees it empty or
/// half-written, and a process killed before naming it leaves nothing behind (the file goes with its last descriptor).
/// One file can be offered several names in turn until one is free, written once.
/// </summary>
internal sealed class UnnamedFile : IDisposable
{
    private readonly SafeFileDescriptorHandle _file;

    /// <summary>Whether linkat(AT_EMPTY_PATH) was refused once (no CAP_DAC_READ_SEARCH on a kernel before 6.10), so the /proc path is used.</summary>
    private bool _throughProc;

    private UnnamedFile(SafeFileDescriptorHandle file) => _file = file;

    /// <summary>What <see cref="TryName"/> did.</summary>
    internal enum Outcome
    {
        /// <summary>The file has the name now, with all its contents.</summary>
        Named,

        /// <summary>The name was taken already; the file is still unnamed.</summary>
        NameTaken,

        /// <summary>The file cannot be named from here (neither capability nor /proc); write it some other way.</summary>
        Unsupported,
    }

    /// <summary>The file, in <paramref name="directory"/>, with mode <paramref name="mode"/> less the umask; null where the file system has no O_TMPFILE.</summary>
    public static UnnamedFile? Create(string directory, ReadOnlySpan<byte> contents, int mode)
    {
        var file = Interop.Open(directory, Interop.O_TMPFILE | Interop.O_WRONLY | Interop.O_CLOEXEC, mode);
        if (file.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            file.Dispose();
            // Kernels and file systems without O_TMPFILE refuse it with one of these.
            return errno is Errno.EOPNOTSUPP or Errno.EISDIR or Errno.EINVAL
                ? null
                : throw Errno.Failure("open O_TMPFILE", directory, errno);
        }

        try
        {
            SmallFile.WriteAll(file, contents, directory);
            return new UnnamedFile(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// linkat(2) of the descriptor itself (AT_EMPTY_PATH: no path walk; needs CAP_DAC_READ_SEARCH before Linux 6.10),
    /// else of "/proc/self/fd/N" with AT_SYMLINK_FOLLOW, the way open(2) documents for O_TMPFILE.
    /// </summary>
    public Outcome TryName(string path)
    {
        var fd = (int)_file.DangerousGetHandle();
        if (!_throughProc)
        {
            if (Interop.Linkat(fd, "", Interop.AT_FDCWD, path, Interop.AT_EMPTY_PATH) == 0)
            {
                return Outcome.Named;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Errno.EEXIST)
            {
                return Outcome.NameTaken;
            }

            // Refused without the capability (EPERM) or, on old kernels, as no such path (ENOENT).
            _throughProc = errno is Errno.EPERM or Errno.ENOENT ? true : throw Errno.Failure("linkat", path, errno);
        }

        var self = "/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture);
        if (Interop.Linkat(Interop.AT_FDCWD, self, Interop.AT_FDCWD, path, Interop.AT_SYMLINK_FOLLOW) == 0)
        {
            return Outcome.Named;
        }

        var linkErrno = Marshal.GetLastPInvokeError();
        return linkErrno switch
        {
            Errno.EEXIST => Outcome.NameTaken,
            // No /proc to name the descriptor by.
            Errno.ENOENT when !Directory.Exists("/proc/self/fd") => Outcome.Unsupported,
            _ => throw Errno.Failure("linkat", path, linkErrno),
        };
    }

    public void Dispose() => _file.Dispose();
}
