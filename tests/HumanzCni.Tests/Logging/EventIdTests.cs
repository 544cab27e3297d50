using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace HumanzCni.Tests.Logging;

/// <summary>
/// Every [LoggerMessage] method has an event id of its own, inside its assembly's range (the README's "Logs and event
/// ids"): ids are what a log filter or a search keys on, so two events never share one and a new one lands in its range.
/// </summary>
public sealed class EventIdTests
{
    public static TheoryData<string, int, int> Ranges => new()
    {
        { "HumanzCni.Chain", 1000, 1999 },
        { "HumanzCni.Stages", 2000, 2999 },
        { "HumanzCni.Agent", 3000, 3999 },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Each_assembly_logs_only_with_ids_in_its_range(string assembly, int first, int last)
    {
        var events = Events(assembly);

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.InRange(e.EventId, first, last));
    }

    [Fact]
    public void No_two_log_methods_share_an_event_id()
    {
        var events = Ranges.Select(row => (string)row[0]).SelectMany(Events).ToList();

        var shared = events.GroupBy(e => e.EventId).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}");
        Assert.Empty(shared);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Tests run on the JIT, untrimmed: every type is there.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Tests run on the JIT, untrimmed: every method is there.")]
    private static List<(int EventId, string Method)> Events(string assembly) =>
        [.. Assembly.Load(assembly).GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .Select(m => (m.Attribute!.EventId, $"{m.Method.DeclaringType!.Name}.{m.Method.Name}"))];
}
