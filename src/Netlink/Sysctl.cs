using System.Runtime.InteropServices;
using System.Text;
using HumanzCni.Native;

namespace HumanzCni.Netlink;

/// <summary>`sysctl -w KEY=VALUE` through /proc/sys, for the calling thread's network namespace.</summary>
/// <remarks>
/// Keys come in sysctl's dotted form ("net.ipv4.ip_forward") or, because interface names may contain
/// dots (eth0.100), in slash form ("net/ipv6/conf/eth0.100/accept_dad"): a key with any '/' is taken as a
/// path under /proc/sys as is. The file is opened on the calling thread, and /proc/sys/net shows the
/// namespace of the thread that opens it, so inside <see cref="NetworkNamespace.Run{T}"/> this reads and
/// writes that namespace's settings.
/// </remarks>
public static class Sysctl
{
    private const string Root = "/proc/sys/";

    /// <summary>Writes e.g. Write("net.ipv6.conf.eth0.accept_dad", "0").</summary>
    public static unsafe void Write(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = ToPath(key);
        // A plain open(2)+write(2): no O_CREAT/O_TRUNC or locking a FileStream might add, and the kernel's
        // verdict on the value (EINVAL, ERANGE...) comes straight back from write.
        using var file = Interop.Open(path, Interop.O_WRONLY | Interop.O_CLOEXEC, 0);
        if (file.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            var text = $"sysctl -w {key}={value}: {path}: {Errno.Describe(errno)} (errno {errno})";
            throw errno == Errno.ENOENT ? new FileNotFoundException(text, path) : new IOException(text);
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        while (true)
        {
            nint written;
            fixed (byte* pointer = bytes)
            {
                written = Interop.Write(file, pointer, bytes.Length);
            }

            if (written == bytes.Length)
            {
                return;
            }

            var errno = written < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == Errno.EINTR)
            {
                continue;
            }

            throw new IOException(written < 0
                ? $"sysctl -w {key}={value}: {Errno.Describe(errno)} (errno {errno})"
                : $"sysctl -w {key}={value}: short write ({written} of {bytes.Length} bytes)");
        }
    }

    /// <summary>Reads the current value, trimmed; null when the key does not exist.</summary>
    public static string? Read(string key)
    {
        // A plain open(2)+read(2), without the flock a FileStream wraps around it.
        return SmallFile.ReadText(ToPath(key))?.Trim();
    }

    /// <summary>The /proc/sys path of a key, refusing anything that could step outside /proc/sys.</summary>
    public static string ToPath(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var relative = key.Contains('/') ? key.Trim('/') : key.Replace('.', '/');
        foreach (var segment in relative.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new ArgumentException($"invalid sysctl key: {key}", nameof(key));
            }
        }

        return Root + relative;
    }
}
