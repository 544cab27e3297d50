using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HumanzCni.Native.SafeHandles;

/// <summary>
/// A file descriptor this process opened, closed with close(2) once it is disposed (or finalized) and no call
/// using it is still running: never under a call, never twice, and never reached by its number after a later
/// open got that number. -1, what the calls return on failure, is the invalid value.
/// </summary>
internal class SafeFileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    /// <summary>An invalid handle, until <see cref="Own{THandle}"/> gives it a descriptor.</summary>
    public SafeFileDescriptorHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>
    /// Takes ownership of the descriptor a libc call returned (-1: failed, an invalid handle). The calls return a C
    /// int, so their declarations do too: declared as returning a SafeHandle they would have the marshaller read a
    /// pointer-sized value the callee set only the low half of, and -1 would not come out as -1.
    /// </summary>
    internal static THandle Own<THandle>(int descriptor)
        where THandle : SafeFileDescriptorHandle, new()
    {
        var owner = new THandle();
        Marshal.InitHandle(owner, descriptor);
        return owner;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Close(handle) == 0;
}
