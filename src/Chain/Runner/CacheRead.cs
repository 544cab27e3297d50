namespace HumanzCni.Chain.Runner;

/// <summary>What reading a cache file found: an entry, nothing (no file), or a problem (empty, corrupt, other kind).</summary>
internal sealed record CacheRead(CachedAttachment? Entry, string? Problem)
{
    /// <summary>No cache file.</summary>
    public static CacheRead Missing { get; } = new(null, null);
}
