using Microsoft.Win32.SafeHandles;

namespace HumanzCni.Native.SafeHandles;

/// <summary>
/// A file descriptor this process opened, closed with close(2) once it is disposed (or finalized) and no call
/// using it is still running: never under a call, never twice, and never reached by its number after a later
/// open got that number. -1, what the calls return on failure, is the invalid value.
/// </summary>
internal class SafeFileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    /// <summary>For the interop marshaller, which sets the descriptor a call returned.</summary>
    public SafeFileDescriptorHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Close(handle) == 0;
}
