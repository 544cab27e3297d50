using System.Runtime.InteropServices;

namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>int nft_ctx_buffer_output(struct nft_ctx *ctx): collect output in memory instead of printing it on stdout (which is the CNI result's).</summary>
    [LibraryImport(Libnftables, EntryPoint = "nft_ctx_buffer_output")]
    public static partial int NftCtxBufferOutput(nint ctx);
}
