namespace HumanzCni.Chain.Runner;

/// <summary>What reading a cache file found: an entry, nothing (no file), or a problem (empty, corrupt, other kind).</summary>
public sealed record CacheRead(CachedAttachment? Entry, string? Problem)
{
    public static CacheRead Missing { get; } = new(null, null);
}
