using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>void nft_ctx_free(struct nft_ctx *ctx): closes its netlink socket and frees its buffers.</summary>
    [LibraryImport(Libnftables, EntryPoint = "nft_ctx_free")]
    public static partial void NftCtxFree(nint ctx);
}
