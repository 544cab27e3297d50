using System.Runtime.InteropServices;
using HumanzCni.Native;

namespace HumanzCni.Netlink;

/// <summary>
/// Named network namespaces under /var/run/netns, the same files `ip netns` uses, so `ip -n NAME`
/// can inspect what the demo and test harnesses build.
/// </summary>
internal static class NamedNetworkNamespaces
{
    /// <summary>Where `ip netns` keeps the bind mounts of named namespaces.</summary>
    public const string Directory = "/var/run/netns";

    /// <summary>The namespace file of NAME, e.g. /var/run/netns/NAME.</summary>
    public static string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>`ip netns add NAME`: a new, empty namespace (only a down lo), pinned by a bind mount.</summary>
    public static string Create(string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = PathOf(name);
        using (File.Open(path, FileMode.CreateNew))
        {
        }

        // unshare moves only the calling thread, so do it on a throwaway thread and pin its namespace.
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            if (Interop.Unshare(Interop.CLONE_NEWNET) != 0)
            {
                failure = Failure("unshare(CLONE_NEWNET)");
            }
            else if (Interop.Mount("/proc/thread-self/ns/net", path, null, Interop.MS_BIND, 0) != 0)
            {
                failure = Failure($"bind-mount of the new namespace onto {path}");
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            File.Delete(path);
            throw failure;
        }

        return path;
    }

    /// <summary>`ip netns del NAME`: unpins the namespace (it dies with its last user) and removes the file. Missing is fine.</summary>
    public static void Delete(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            return;
        }

        Interop.Umount2(path, Interop.MNT_DETACH);
        File.Delete(path);
    }

    private static IOException Failure(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what} failed: {Errno.Describe(errno)} (errno {errno})");
    }
}
