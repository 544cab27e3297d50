namespace HumanzCni.Nftables;

/// <summary>libnftables refused commands; the message carries nft's own error text (the same as the nft command prints).</summary>
public sealed class NftablesException : Exception
{
    public NftablesException(string commands, string nftError)
        : base($"nft: {nftError.Trim()}")
    {
        Commands = commands;
        NftError = nftError.Trim();
    }

    /// <summary>The commands that were refused, as sent.</summary>
    public string Commands { get; }

    /// <summary>nft's error text, e.g. "Error: Could not process rule: No such file or directory" with the offending line marked.</summary>
    public string NftError { get; }
}
