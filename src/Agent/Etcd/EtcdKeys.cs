using System.Text;

namespace HumanzCni.Agent.Etcd;

/// <summary>Keys as etcd sees them: bytes, and the range_end that makes a key a prefix.</summary>
internal static class EtcdKeys
{
    public static byte[] Bytes(string key) => Encoding.UTF8.GetBytes(key);

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/> (the prefix with its last byte + 1), as etcdctl --prefix does.</summary>
    public static byte[] PrefixEnd(string prefix)
    {
        var end = Bytes(prefix);
        for (var i = end.Length - 1; i >= 0; i--)
        {
            if (end[i] < 0xFF)
            {
                end[i]++;
                return end[..(i + 1)];
            }
        }

        // A prefix of only 0xFF bytes: everything from it on.
        return [0];
    }
}
