using HumanzCni.Native;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Chain.Logging;

/// <summary>
/// Size-based rotation of a log file that many short-lived processes append to at once. When the file a
/// writer holds reaches <paramref name="MaxBytes"/>, the writer that gets its flock (without waiting) renames
/// it to <c>.1</c>, shifting older ones up to <c>.<paramref name="KeptFiles"/></c> (the oldest is replaced),
/// and opens the path anew. Writers still holding the renamed file go on appending to it, which loses nothing:
/// each line is one O_APPEND write to whichever file it was opened on. A writer finding its file already renamed
/// by another simply reopens the path.
/// </summary>
/// <param name="MaxBytes">The size at which the current file is rotated; 0 never rotates.</param>
/// <param name="KeptFiles">How many rotated files (<c>.1</c> ... <c>.N</c>) are kept.</param>
internal sealed record LogRotation(long MaxBytes, int KeptFiles)
{
    /// <summary>10 MiB per file unless the config says otherwise.</summary>
    public const long DefaultMaxBytes = 10L * 1024 * 1024;

    /// <summary>Three rotated files unless the config says otherwise.</summary>
    public const int DefaultKeptFiles = 3;

    /// <summary>The largest logMaxFiles accepted: enough for any retention, few enough to shift quickly.</summary>
    public const int MostKeptFiles = 1000;

    /// <summary>The rotation a plugin gets when its config sets no limits.</summary>
    public static LogRotation Default { get; } = new(DefaultMaxBytes, DefaultKeptFiles);

    /// <summary>
    /// Called after each write to <paramref name="fd"/> (opened on <paramref name="path"/>): returns the
    /// descriptor to write to from now on, <paramref name="fd"/> itself or (closed, after rotating) one on the
    /// path's new file, which <paramref name="open"/> opens (an invalid handle when it cannot). Never throws:
    /// logging must not fail a CNI call.
    /// </summary>
    internal SafeFileDescriptorHandle AfterWrite(string path, SafeFileDescriptorHandle fd, Func<string, SafeFileDescriptorHandle> open)
    {
        if (MaxBytes <= 0 || Interop.Fstat(fd, out var held) != 0 || held.Size < MaxBytes)
        {
            return fd;
        }

        // Whoever holds the lock decides; the others keep appending (to a file a little over the limit) and
        // look again after their next line.
        if (Interop.Flock(fd, Interop.LOCK_EX | Interop.LOCK_NB) != 0)
        {
            return fd;
        }

        // Under the lock the path still naming the held file means nobody rotated it yet.
        var stillCurrent = Interop.Stat(path, out var current) == 0 && current.IsSameFile(held);
        if (stillCurrent && !TryShift(path))
        {
            Interop.Flock(fd, Interop.LOCK_UN);
            return fd;
        }

        var fresh = open(path);
        if (fresh.IsInvalid)
        {
            fresh.Dispose();
            Interop.Flock(fd, Interop.LOCK_UN);
            return fd;
        }

        // Closing releases the lock.
        fd.Dispose();
        return fresh;
    }

    /// <summary>The name of the <paramref name="generation"/>-th rotated file (1 is the newest).</summary>
    public static string RotatedName(string path, int generation) => $"{path}.{generation}";

    private bool TryShift(string path)
    {
        try
        {
            // Only the run .1, .2, ... up to the first missing generation moves (it fills the gap): a stat per
            // file there is, not one per file that could be kept.
            var newest = 0;
            while (newest < KeptFiles - 1 && File.Exists(RotatedName(path, newest + 1)))
            {
                newest++;
            }

            for (var generation = newest; generation >= 1; generation--)
            {
                File.Move(RotatedName(path, generation), RotatedName(path, generation + 1), overwrite: true);
            }

            File.Move(path, RotatedName(path, 1), overwrite: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
