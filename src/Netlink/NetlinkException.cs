namespace HumanzCni.Netlink;

/// <summary>
/// The kernel refused a netlink request. Carries the errno and, when the kernel sent one,
/// the extended-ack text (NLMSGERR_ATTR_MSG), e.g. "Nexthop has invalid gateway".
/// </summary>
public sealed class NetlinkException : Exception
{
    /// <summary>A refusal of <paramref name="operation"/> with <paramref name="errno"/> and the kernel's extended-ack text, if any.</summary>
    public NetlinkException(string operation, int errno, string? kernelMessage)
        : base(Format(operation, errno, kernelMessage))
    {
        Operation = operation;
        Errno = errno;
        KernelMessage = kernelMessage;
    }

    /// <summary>The request in `ip` terms, e.g. "ip route add 10.1.0.0/24 via 192.0.2.1".</summary>
    public string Operation { get; }

    /// <summary>The errno the kernel answered with (positive, e.g. 17 for EEXIST).</summary>
    public int Errno { get; }

    /// <summary>The kernel's extended-ack text; null when it sent none.</summary>
    public string? KernelMessage { get; }

    private static string Format(string operation, int errno, string? kernelMessage) =>
        kernelMessage is { Length: > 0 }
            ? $"{operation}: {Native.Errno.Describe(errno)} (errno {errno}): {kernelMessage}"
            : $"{operation}: {Native.Errno.Describe(errno)} (errno {errno})";
}
