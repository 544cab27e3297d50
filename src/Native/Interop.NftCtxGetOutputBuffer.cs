using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>const char *nft_ctx_get_output_buffer(struct nft_ctx *ctx): the output since the last call, which also empties the buffer. Owned by the context.</summary>
    [LibraryImport(Libnftables, EntryPoint = "nft_ctx_get_output_buffer")]
    public static partial nint NftCtxGetOutputBuffer(nint ctx);
}
