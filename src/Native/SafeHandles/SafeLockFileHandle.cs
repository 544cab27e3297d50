namespace HumanzCni.Native.SafeHandles;

/// <summary>
/// A file held with flock(2). Released by unlocking and then closing: closing alone drops the lock only once no
/// other copy of the open file description is left, and a child forked meanwhile (until its exec closes the
/// CLOEXEC descriptor) holds one.
/// </summary>
internal sealed class SafeLockFileHandle : SafeFileDescriptorHandle
{
    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        _ = Interop.Flock(handle, Interop.LOCK_UN);
        return base.ReleaseHandle();
    }
}
