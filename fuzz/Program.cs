using HumanzCni.Fuzz;
using SharpFuzz;

// `dotnet HumanzCni.Fuzz.dll TARGET`: under afl-fuzz, SharpFuzz's fork server feeds it input after input; run
// by hand, it decodes stdin once, so `... TARGET < fuzz-out/TARGET/default/crashes/id:...` replays a finding.
var target = args.Length == 1 ? Targets.All.FirstOrDefault(t => t.Name == args[0]) : null;
if (target is null)
{
    Console.Error.WriteLine("usage: HumanzCni.Fuzz TARGET (input on stdin, or afl-fuzz's); targets:");
    foreach (var t in Targets.All)
    {
        Console.Error.WriteLine($"  {t.Name,-14} {t.Summary}");
    }

    return 2;
}

Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.ToArray());
});
return 0;
