using System.Text;

namespace HumanzCni.Chain.Protocol;

/// <summary>What makes a name unfit for a Linux network interface (the kernel's dev_valid_name), if anything.</summary>
internal enum LinkNameProblem
{
    None,

    /// <summary>Longer than <see cref="LinkName.MaxBytes"/> bytes of UTF-8.</summary>
    TooLong,

    /// <summary>"." or "..".</summary>
    DotName,

    /// <summary>Holds '/', ':' or whitespace.</summary>
    ForbiddenCharacter,
}

/// <summary>
/// The one rule for interface names, shared by CNI_IFNAME (the spec repeats the kernel's rule) and the config's
/// bridge name; each caller words its own message.
/// </summary>
internal static class LinkName
{
    /// <summary>IFNAMSIZ less the terminating zero. The kernel counts bytes, so ten accented letters are too many.</summary>
    public const int MaxBytes = 15;

    /// <summary>The problem of a non-empty <paramref name="name"/> (callers say what to do about an empty one).</summary>
    public static LinkNameProblem Check(string name) =>
        Encoding.UTF8.GetByteCount(name) > MaxBytes ? LinkNameProblem.TooLong
        : name is "." or ".." ? LinkNameProblem.DotName
        : name.AsSpan().IndexOfAny("/: \t\n\r") >= 0 ? LinkNameProblem.ForbiddenCharacter
        : LinkNameProblem.None;
}
