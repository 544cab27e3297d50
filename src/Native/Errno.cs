namespace HumanzCni.Native;

/// <summary>The errno values the project reacts to, from asm-generic/errno-base.h and errno.h.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int EMSGSIZE = 90;
    public const int EOPNOTSUPP = 95;
    public const int ENOBUFS = 105;
    public const int EADDRINUSE = 98;
    public const int EADDRNOTAVAIL = 99;
    public const int ENETUNREACH = 101;
    public const int EHOSTUNREACH = 113;

    /// <summary>The C library's description of an errno value, e.g. "File exists".</summary>
    public static string Describe(int errno) => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>"CALL PATH: DESCRIPTION (errno N)": a failed call on a file, for the caller to throw.</summary>
    internal static IOException Failure(string call, string path, int errno) =>
        new($"{call} {path}: {Describe(errno)} (errno {errno})");
}
