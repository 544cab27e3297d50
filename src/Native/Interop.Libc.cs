namespace HumanzCni.Native;

/// <summary>
/// Direct calls into the C library. Each native function lives in its own file as a
/// partial of this class, the way dotnet/runtime lays out its interop; a descriptor a call
/// returns comes wrapped in a SafeHandle (<see cref="SafeHandles"/>), so it is closed exactly once.
/// </summary>
internal static partial class Interop
{
    internal const string Libc = "libc";
}
