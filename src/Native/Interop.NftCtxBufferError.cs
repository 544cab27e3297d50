using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>int nft_ctx_buffer_error(struct nft_ctx *ctx): collect error messages in memory instead of printing them on stderr.</summary>
    [LibraryImport(Libnftables, EntryPoint = "nft_ctx_buffer_error")]
    public static partial int NftCtxBufferError(nint ctx);
}
