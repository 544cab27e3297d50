namespace HumanzCni.Chain.Protocol;

/// <summary>
/// The spec's one rule for a network's name and a container's id: a letter or digit, then letters, digits, '_',
/// '.' and '-'. Plugins and runtimes build paths from both (lease and cache directories, cache file names), so the
/// rule also keeps those paths inside their roots.
/// </summary>
internal static class CniName
{
    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "it must start with a letter or digit and hold only letters, digits, '_', '.' and '-'";

    /// <summary><paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
