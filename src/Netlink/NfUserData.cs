using System.Text;
using static HumanzCni.Netlink.NfTablesConstants;

namespace HumanzCni.Netlink;

/// <summary>
/// The user data nft attaches to rules and set elements: a list of (type u8, length u8, value) records, the
/// comment under type 0, NUL-terminated (libnftnl's udata format), so `nft list` shows our comments.
/// </summary>
internal static class NfUserData
{
    /// <summary>nft refuses longer comments.</summary>
    public const int MaxCommentLength = 128;

    public static byte[] Comment(string comment)
    {
        var length = Encoding.UTF8.GetByteCount(comment) + 1;
        if (length > MaxCommentLength)
        {
            throw new ArgumentException($"comment \"{comment}\" is longer than nft allows ({MaxCommentLength - 1} bytes)", nameof(comment));
        }

        var record = new byte[2 + length];
        record[0] = NFTNL_UDATA_COMMENT;
        record[1] = (byte)length;
        Encoding.UTF8.GetBytes(comment, record.AsSpan(2));
        return record;
    }

    public static string? ReadComment(ReadOnlySpan<byte> userData)
    {
        while (userData.Length >= 2)
        {
            var (type, length) = (userData[0], userData[1]);
            if (userData.Length < 2 + length)
            {
                return null;
            }

            if (type == NFTNL_UDATA_COMMENT)
            {
                var value = userData.Slice(2, length);
                var end = value.IndexOf((byte)0);
                return Encoding.UTF8.GetString(end >= 0 ? value[..end] : value);
            }

            userData = userData[(2 + length)..];
        }

        return null;
    }
}
