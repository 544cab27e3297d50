namespace HumanzCni.Cli.Demo;

internal static class DemoCommand
{
    public static int Run(ReadOnlySpan<string> args) => 1;
}
