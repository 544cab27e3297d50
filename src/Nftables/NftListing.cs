namespace HumanzCni.Nftables;

/// <summary>What a list command printed, by kind.</summary>
public sealed record NftListing(IReadOnlyList<NftTable> Tables, IReadOnlyList<NftChain> Chains, IReadOnlyList<NftRule> Rules)
{
    public static NftListing Empty { get; } = new([], [], []);

    public static NftListing From(NftDocument? document)
    {
        var entries = document?.Nftables ?? [];
        return new NftListing(
            entries.Where(e => e.Table is not null).Select(e => e.Table!).ToList(),
            entries.Where(e => e.Chain is not null).Select(e => e.Chain!).ToList(),
            entries.Where(e => e.Rule is not null).Select(e => e.Rule!).ToList());
    }
}
