namespace HumanzCni.Cli;

/// <summary>The file name this binary was started under, e.g. "humanz-portmap" for a link to humanz-cni.</summary>
internal static class InvokedName
{
    /// <summary>
    /// argv[0]'s file name, as the runtime exec'd it: a symlink keeps its own name there, whereas
    /// Environment.ProcessPath (/proc/self/exe) would resolve it to the target. ProcessPath is the
    /// fallback when argv[0] is empty.
    /// </summary>
    public static string? Get()
    {
        var argv0 = Environment.GetCommandLineArgs() is [var first, ..] ? first : null;
        var path = string.IsNullOrEmpty(argv0) ? Environment.ProcessPath : argv0;
        return string.IsNullOrEmpty(path) ? null : Path.GetFileName(path);
    }
}
