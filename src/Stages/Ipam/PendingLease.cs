using System.Runtime.InteropServices;
using HumanzCni.Native;

namespace HumanzCni.Stages.Ipam;

/// <summary>
/// A lease's contents, offered to candidate addresses' names in turn until one is free: each name is claimed only if
/// nobody holds it (the exclusive create host-local does with O_EXCL). With a spare lease file
/// (<paramref name="sparePath"/>, see <see cref="SpareLeases"/>) the spare is renamed to the name and then written;
/// otherwise the contents are written once, into an unnamed file (O_TMPFILE, <see cref="UnnamedFile"/>) that appears
/// under the name complete or not at all; where the file system has none, into the named temp file
/// <paramref name="temporaryPath"/>, which link(2) names and disposing deletes (a plugin killed in between leaves it:
/// the lease store deletes such debris at its next full look under the lock).
/// </summary>
internal sealed class PendingLease(string directory, byte[] contents, int mode, string temporaryPath, bool unnamedFiles, string? sparePath) : IDisposable
{
    private string? _sparePath = sparePath;
    private UnnamedFile? _unnamed;
    private bool _unnamedUnsupported = !unnamedFiles;
    private bool _temporaryWritten;

    /// <returns>false when the name is taken.</returns>
    public bool TryName(string path)
    {
        if (_sparePath is not null)
        {
            switch (SpareLeases.TryClaim(_sparePath, path, contents))
            {
                case SpareLeases.Outcome.Claimed:
                    _sparePath = null;
                    return true;
                case SpareLeases.Outcome.NameTaken:
                    return false;
                default:
                    _sparePath = null;
                    break;
            }
        }

        if (!_unnamedUnsupported)
        {
            _unnamed ??= UnnamedFile.Create(directory, contents, mode);
            switch (_unnamed?.TryName(path))
            {
                case UnnamedFile.Outcome.Named:
                    return true;
                case UnnamedFile.Outcome.NameTaken:
                    return false;
                default:
                    _unnamedUnsupported = true;
                    break;
            }
        }

        if (!_temporaryWritten)
        {
            SmallFile.Overwrite(temporaryPath, contents, mode);
            _temporaryWritten = true;
        }

        return TryLink(temporaryPath, path);
    }

    public void Dispose()
    {
        _unnamed?.Dispose();
        if (_temporaryWritten)
        {
            File.Delete(temporaryPath);
        }
    }

    /// <summary>link(2): false when <paramref name="newPath"/> exists already.</summary>
    public static bool TryLink(string existingPath, string newPath)
    {
        if (Interop.Link(existingPath, newPath) == 0)
        {
            return true;
        }

        int errno = Marshal.GetLastPInvokeError();
        return errno == Errno.EEXIST ? false : throw Errno.Failure("link " + existingPath, newPath, errno);
    }
}
