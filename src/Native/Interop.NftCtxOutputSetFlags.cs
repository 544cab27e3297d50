using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>void nft_ctx_output_set_flags(struct nft_ctx *ctx, unsigned int flags): e.g. NFT_CTX_OUTPUT_JSON | NFT_CTX_OUTPUT_HANDLE.</summary>
    [LibraryImport(Libnftables, EntryPoint = "nft_ctx_output_set_flags")]
    public static partial void NftCtxOutputSetFlags(nint ctx, uint flags);
}
