namespace HumanzCni.Chain.Protocol;

/// <summary>
/// Error codes from the CNI spec (SPEC.md, "Error"). Codes 0-99 are the spec's;
/// HumanzCni's own codes start at 100 and are listed in the README.
/// </summary>
public static class CniErrorCode
{
    public const int IncompatibleVersion = 1;
    public const int UnsupportedField = 2;
    public const int UnknownContainer = 3;
    public const int InvalidEnvironment = 4;
    public const int IoFailure = 5;
    public const int DecodeFailure = 6;
    public const int InvalidConfig = 7;
    public const int TryAgainLater = 11;
    public const int NotReady = 50;
    public const int LimitedConnectivity = 51;

    /// <summary>The kernel refused a netlink request (link, address or route).</summary>
    public const int KernelRefused = 100;

    /// <summary>The address pool has no free address left.</summary>
    public const int AddressesExhausted = 101;

    /// <summary>CHECK found the attachment different from what ADD set up.</summary>
    public const int CheckFailed = 102;

    /// <summary>An unexpected internal failure; the message says what was being done.</summary>
    public const int Internal = 199;
}
