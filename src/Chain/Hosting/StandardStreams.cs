using Microsoft.Win32.SafeHandles;

namespace HumanzCni.Chain.Hosting;

/// <summary>
/// stdin and stdout as plain unbuffered file streams on descriptors 0 and 1. Console.OpenStandardOutput
/// would set the terminal up on its first write (SIGINT/SIGQUIT/SIGCONT handlers, a pipe and a signal
/// thread: measured 0.2-0.3 ms of a 3-4 ms plugin call) for a stream that is a pipe to the runtime.
/// </summary>
public static class StandardStreams
{
    /// <summary>Descriptor 0, read to its end by <see cref="PluginHost.Run"/>; disposing it leaves the descriptor open.</summary>
    public static Stream OpenInput() => Open(0, FileAccess.Read);

    /// <summary>Descriptor 1; each write is one write(2) loop, nothing buffered; disposing it leaves the descriptor open.</summary>
    public static Stream OpenOutput() => Open(1, FileAccess.Write);

    private static FileStream Open(int fd, FileAccess access) => new(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);
}
