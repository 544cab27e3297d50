using System.Runtime.InteropServices;
using HumanzCni.Native.SafeHandles;

namespace HumanzCni.Native;

internal static partial class Interop
{
    /// <summary>ioctl on a namespace file (linux/nsfs.h, _IO(0xb7, 0x3)): returns its CLONE_NEW* type.</summary>
    public const uint NS_GET_NSTYPE = 0xb703;

    public const int ENOTTY = 25;

    /// <summary>ioctl(2) with an integer argument; returns the request's result or -1 with errno set.</summary>
    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(SafeFileDescriptorHandle fd, nuint request, nint argument);
}
