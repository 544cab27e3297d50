namespace HumanzCni.Native.SafeHandles;

/// <summary>A namespace file (/proc/PID/ns/net, /var/run/netns/NAME) open for setns(2).</summary>
internal sealed class SafeNamespaceHandle : SafeFileDescriptorHandle;
