using System.Globalization;
using System.Runtime.InteropServices;

namespace HumanzCni.Native;

/// <summary>
/// Temp files named ".NAME.PID.tmp" (the writer's process id last before ".tmp"), written and then renamed over
/// NAME: a writer killed in between leaves one behind, which nothing else would ever remove. Once no process
/// with that id runs, the file is an orphan.
/// </summary>
internal static class OrphanedTempFiles
{
    private const string Suffix = ".tmp";

    /// <summary>The temp file name for <paramref name="name"/> written by this process; <paramref name="unique"/> tells several of its writes apart.</summary>
    public static string NameFor(string name, string? unique = null) =>
        $".{name}.{(unique is null ? "" : unique + ".")}{Environment.ProcessId}{Suffix}";

    /// <summary>Deletes the orphaned temp files in <paramref name="directory"/> whose name starts with ".<paramref name="namePrefix"/>"; a missing directory has none.</summary>
    public static void Delete(string directory, string namePrefix)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(directory, $".{namePrefix}*{Suffix}"))
        {
            var writer = Path.GetExtension(Path.GetFileNameWithoutExtension(path)).TrimStart('.');
            if (int.TryParse(writer, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>kill(pid, 0): ESRCH means no such process; EPERM means one runs that we may not signal.</summary>
    private static bool IsRunning(int pid) =>
        Interop.Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != Errno.ESRCH;
}
