namespace HumanzCni.Stages;

/// <summary>
/// humanz-cni's own error codes, beside the spec's (<see cref="Chain.Protocol.CniErrorCode"/>): the spec leaves
/// codes from 100 on to each plugin. Listed in the README's "Error codes".
/// </summary>
internal static class HumanzErrorCode
{
    /// <summary>The kernel refused a netlink request (link, address or route) or an nftables transaction.</summary>
    public const int KernelRefused = 100;

    /// <summary>The address pool has no free address left.</summary>
    public const int AddressesExhausted = 101;

    /// <summary>CHECK found the attachment different from what ADD set up.</summary>
    public const int CheckFailed = 102;
}
