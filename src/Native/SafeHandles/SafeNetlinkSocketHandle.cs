namespace HumanzCni.Native.SafeHandles;

/// <summary>A netlink socket (socket(AF_NETLINK, SOCK_RAW, protocol)).</summary>
internal sealed class SafeNetlinkSocketHandle : SafeFileDescriptorHandle;
