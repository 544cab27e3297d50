using System.Globalization;

namespace HumanzCni.Agent.Hosting;

/// <summary>
/// `--name value` and `--flag` arguments of a subcommand, checked against the names it knows, so a typo
/// is an error rather than silently ignored. Read values with the typed getters.
/// </summary>
public sealed class OptionReader
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public OptionReader(ReadOnlySpan<string> args, IReadOnlySet<string> valueNames, IReadOnlySet<string> flagNames)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (flagNames.Contains(name) && equals < 0)
            {
                _flags.Add(name);
            }
            else if (valueNames.Contains(name))
            {
                if (equals > 0)
                {
                    _values[name] = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Length)
                {
                    _values[name] = args[++i];
                }
                else
                {
                    throw new UsageException($"{name} needs a value");
                }
            }
            else
            {
                throw new UsageException($"unknown option {arg}");
            }
        }
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? String(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => String(name) ?? throw new UsageException($"{name} is required");

    public int Int(string name, int defaultValue, int minimum, int maximum)
    {
        if (String(name) is not { } text)
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            throw new UsageException($"{name} must be a whole number from {minimum} to {maximum}, not '{text}'");
        }

        return value;
    }
}
