using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>struct nft_ctx *nft_ctx_new(uint32_t flags): a libnftables context, or NULL when out of memory.</summary>
    [LibraryImport(Libnftables, EntryPoint = "nft_ctx_new")]
    public static partial nint NftCtxNew(uint flags);
}
