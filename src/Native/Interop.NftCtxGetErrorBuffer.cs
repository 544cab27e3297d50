using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>const char *nft_ctx_get_error_buffer(struct nft_ctx *ctx): the error messages since the last call, which also empties the buffer. Owned by the context.</summary>
    [LibraryImport(Libnftables, EntryPoint = "nft_ctx_get_error_buffer")]
    public static partial nint NftCtxGetErrorBuffer(nint ctx);
}
