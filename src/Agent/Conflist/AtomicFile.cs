using HumanzCni.Native;

namespace HumanzCni.Agent.Conflist;

/// <summary>
/// Replaces a file in one rename(2): the new content goes to a temp file in the same directory, is
/// flushed to disk, then renamed over the target, so a reader (the runtime scanning its conf dir, a
/// plugin being exec'd) sees the old file or the complete new one, never half of it. A temp file that a writer
/// killed before its rename left is removed by the next successful write of the same file.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically; unchanged content is not rewritten. True when written.</summary>
    public static bool WriteText(string path, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return false;
        }

        Replace(path, temp =>
        {
            using var stream = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(content);
            }

            stream.Flush(flushToDisk: true);
        });
        return true;
    }

    /// <summary>Copies a file (e.g. the running binary) to <paramref name="path"/> atomically with the given mode.</summary>
    public static void Copy(string source, string path, UnixFileMode mode) =>
        Replace(path, temp =>
        {
            using var input = File.OpenRead(source);
            using var output = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
            input.CopyTo(output);
            output.Flush(flushToDisk: true);
        });

    /// <summary>Points <paramref name="path"/> at <paramref name="target"/> (a symlink), replacing whatever is there atomically.</summary>
    public static void Symlink(string path, string target) =>
        Replace(path, temp => File.CreateSymbolicLink(temp, target));

    /// <summary>Lets <paramref name="create"/> make a temp file beside <paramref name="path"/>, then renames it over; the temp file is removed on failure.</summary>
    private static void Replace(string path, Action<string> create)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // A dot-name: runtimes ignore it, and it cannot collide with a conflist or plugin name.
        var name = Path.GetFileName(path);
        var temp = Path.Combine(directory, OrphanedTempFiles.NameFor(name, unique: Guid.NewGuid().ToString("N")));
        try
        {
            create(temp);
            File.Move(temp, path, overwrite: true);

            // What an earlier writer of this file, killed before its rename, left behind.
            OrphanedTempFiles.Delete(directory, name + ".");
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
