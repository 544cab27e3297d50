using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>
    /// int nft_run_cmd_from_buffer(struct nft_ctx *ctx, const char *buf): runs nft commands (one per line)
    /// as a single kernel transaction; 0 on success, non-zero with the reason in the error buffer.
    /// </summary>
    [LibraryImport(Libnftables, EntryPoint = "nft_run_cmd_from_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int NftRunCmdFromBuffer(nint ctx, string buffer);
}
