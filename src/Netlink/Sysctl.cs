namespace HumanzCni.Netlink;

/// <summary>`sysctl -w KEY=VALUE` through /proc/sys, for the calling thread's network namespace.</summary>
public static class Sysctl
{
    /// <summary>Writes e.g. Write("net.ipv6.conf.eth0.accept_dad", "0").</summary>
    public static void Write(string key, string value) => throw new NotImplementedException();

    /// <summary>Reads the current value, trimmed; null when the key does not exist.</summary>
    public static string? Read(string key) => throw new NotImplementedException();
}
