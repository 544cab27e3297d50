namespace HumanzCni.Chain.Protocol;

/// <summary>The spec versions HumanzCni speaks and what each one allows.</summary>
internal static class CniVersion
{
    /// <summary>Spec 0.3.0.</summary>
    public const string V030 = "0.3.0";
    /// <summary>Spec 0.3.1.</summary>
    public const string V031 = "0.3.1";
    /// <summary>Spec 0.4.0 (adds CHECK).</summary>
    public const string V040 = "0.4.0";
    /// <summary>Spec 1.0.0 (results drop ips[].version).</summary>
    public const string V100 = "1.0.0";
    /// <summary>Spec 1.1.0 (adds GC and STATUS).</summary>
    public const string V110 = "1.1.0";

    /// <summary>The newest version spoken.</summary>
    public const string Latest = V110;

    /// <summary>Every version spoken, oldest first (VERSION's supportedVersions).</summary>
    public static readonly IReadOnlyList<string> Supported = [V030, V031, V040, V100, V110];

    /// <summary><paramref name="version"/> is one of <see cref="Supported"/>.</summary>
    public static bool IsSupported(string? version) => version is V030 or V031 or V040 or V100 or V110;

    /// <summary>CHECK exists from 0.4.0 on.</summary>
    public static bool AllowsCheck(string version) => Compare(version, V040) >= 0;

    /// <summary>GC and STATUS exist from 1.1.0 on.</summary>
    public static bool AllowsGcAndStatus(string version) => Compare(version, V110) >= 0;

    /// <summary>Results before 1.0.0 carry ips[].version.</summary>
    public static bool ResultHasIpVersion(string version) => Compare(version, V100) < 0;

    /// <summary>Compares dotted versions numerically ("0.10.0" after "0.4.0"); missing parts count as 0.</summary>
    public static int Compare(string a, string b)
    {
        var left = a.AsSpan();
        var right = b.AsSpan();
        for (var part = 0; part < 3; part++)
        {
            var difference = NextPart(ref left) - NextPart(ref right);
            if (difference != 0)
            {
                return difference;
            }
        }

        return 0;
    }

    private static int NextPart(ref ReadOnlySpan<char> rest)
    {
        var dot = rest.IndexOf('.');
        var part = dot < 0 ? rest : rest[..dot];
        rest = dot < 0 ? [] : rest[(dot + 1)..];
        return int.TryParse(part, out var value) ? value : 0;
    }
}
