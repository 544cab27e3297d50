namespace HumanzCni.Native;

public static partial class Interop
{
    /// <summary>Debian's libnftables1 (the library behind the nft command), loaded on first use.</summary>
    internal const string Libnftables = "libnftables.so.1";

    /// <summary>nft_ctx_new flags: NFT_CTX_DEFAULT, the only one there is.</summary>
    public const uint NFT_CTX_DEFAULT = 0;

    // nft_ctx_output_set_flags bits (enum nft_output_flags in nftables/libnftables.h).
    public const uint NFT_CTX_OUTPUT_HANDLE = 1 << 3;
    public const uint NFT_CTX_OUTPUT_JSON = 1 << 4;
}
