using HumanzCni.Native;

namespace HumanzCni.Stages.Ipam;

/// <summary>The kernel's id of this boot, a random UUID drawn anew at every boot.</summary>
internal static class BootId
{
    private const string Path = "/proc/sys/kernel/random/boot_id";

    public static string Current() => SmallFile.ReadText(Path)?.Trim() ?? throw new FileNotFoundException($"{Path} is missing: is /proc mounted?", Path);
}
