using System.Globalization;

namespace HumanzCni.Tests.Agent.Health;

/// <summary>
/// The Prometheus text exposition format read back, strictly enough to catch a malformed line: every
/// sample must belong to a family declared by `# TYPE` (histogram samples by their _bucket/_sum/_count).
/// </summary>
internal sealed class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, Dictionary<string, double> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Family name -> type (counter, gauge, histogram, ...).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>`name{labels}` exactly as written (or bare `name`) -> value.</summary>
    public IReadOnlyDictionary<string, double> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                types.Add(parts[2], parts[3]);
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            Assert.True(space > 0, $"not a sample line: {line}");
            var series = line[..space];
            var name = series.Split('{')[0];
            Assert.True(FamilyOf(name, types) is not null, $"sample {series} has no # TYPE before it");
            samples.Add(series, double.Parse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return new PrometheusText(types, samples);
    }

    private static string? FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.GetValueOrDefault(name[..^suffix.Length]) == "histogram")
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }
}
