using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Net;
using HumanzCni.Addressing;

namespace HumanzCni.CommandLine;

/// <summary>
/// Options whose values are checked while parsing, with messages that name the option and what to give it,
/// so a mistake exits 2 with the usage before anything runs.
/// </summary>
internal static class OptionValues
{
    /// <summary>Any text, <paramref name="defaultValue"/> when not given.</summary>
    public static Option<string> Text(string name, string helpName, string defaultValue, string description) => new(name)
    {
        HelpName = helpName,
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>A whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static Option<int> IntInRange(string name, int defaultValue, int minimum, int maximum, string description) => new(name)
    {
        Description = description,
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = Given(result);
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
            {
                return value;
            }

            result.AddError($"{name} must be a whole number from {minimum} to {maximum}, not '{text}'");
            return defaultValue;
        },
    };

    /// <summary>A network in CIDR notation without host bits, e.g. <paramref name="example"/>.</summary>
    public static Option<IPNetwork?> Cidr(string name, string example, string description) => new(name)
    {
        Description = description,
        HelpName = "CIDR",
        CustomParser = result => CidrText.TryParseExact(Given(result), out var network)
            ? network
            : Error<IPNetwork?>(result, $"{name} '{Given(result)}' is not a CIDR without host bits (e.g. {example})"),
    };

    /// <summary>Comma-separated networks in CIDR notation without host bits, e.g. <paramref name="example"/>.</summary>
    public static Option<IReadOnlyList<IPNetwork>> Cidrs(string name, string example, string description) => new(name)
    {
        Description = description,
        HelpName = "CIDR[,CIDR]",
        DefaultValueFactory = _ => [],
        CustomParser = result => Each(result, text => CidrText.TryParseExact(text, out var network)
            ? network
            : Error<IPNetwork>(result, $"{name} '{text}' is not a CIDR without host bits (e.g. {example})")),
    };

    /// <summary>Comma-separated whole numbers, each from <paramref name="minimum"/> to <paramref name="maximum"/>; empty when not given.</summary>
    public static Option<IReadOnlyList<int>> IntsInRange(string name, string example, int minimum, int maximum, string description) => new(name)
    {
        Description = description,
        HelpName = $"N[,N] (e.g. {example})",
        DefaultValueFactory = _ => [],
        CustomParser = result => Each(result, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : Error<int>(result, $"{name} must be a whole number from {minimum} to {maximum}, not '{text}'")),
    };

    /// <summary>Comma-separated IPv4 or IPv6 addresses.</summary>
    public static Option<IReadOnlyList<IPAddress>> Addresses(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "ADDRESS[,ADDRESS]",
        DefaultValueFactory = _ => [],
        CustomParser = result => Each(result, text => IPAddress.TryParse(text, out var address)
            ? address
            : Error<IPAddress>(result, $"{name} '{text}' is not an IP address")),
    };

    /// <summary>Comma-separated http(s) URLs, e.g. <paramref name="example"/>.</summary>
    public static Option<IReadOnlyList<Uri>> HttpUrls(string name, string example, string description) => new(name)
    {
        Description = description,
        HelpName = "URL[,URL...]",
        DefaultValueFactory = _ => [],
        CustomParser = result =>
        {
            var urls = new List<Uri>();
            foreach (var text in Given(result).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    return Error<IReadOnlyList<Uri>>(result, $"{name} '{text}' is not an http(s) URL (e.g. {example})");
                }

                urls.Add(uri);
            }

            return urls;
        },
    };

    /// <summary>HOST:PORT with HOST an IP address (IPv6 in brackets), e.g. 127.0.0.1:9101 or [::1]:9101.</summary>
    public static Option<IPEndPoint?> Endpoint(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "HOST:PORT",
        CustomParser = result =>
        {
            var text = Given(result);
            var colon = text.LastIndexOf(':');
            var host = colon > 0 ? text[..colon] : "";
            var port = colon > 0 ? text[(colon + 1)..] : "";
            var bracketed = host.StartsWith('[') && host.EndsWith(']');
            if (!IPAddress.TryParse(bracketed ? host[1..^1] : host, out var address)
                || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !bracketed))
            {
                return Error<IPEndPoint?>(result, $"{name} '{text}' is not HOST:PORT with HOST an IP address (e.g. 127.0.0.1:9101, 0.0.0.0:9101, [::1]:9101)");
            }

            return int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
                ? new IPEndPoint(address, number)
                : Error<IPEndPoint?>(result, $"{name} '{text}': the port must be a whole number from 1 to 65535, not '{port}'");
        },
    };

    /// <summary>The option's value as given (the last one when it is given more than once).</summary>
    private static string Given(ArgumentResult result) => result.Tokens[^1].Value;

    /// <summary>The given value split at commas, each item parsed (an empty item is refused like a malformed one).</summary>
    private static IReadOnlyList<T> Each<T>(ArgumentResult result, Func<string, T> parse) =>
        Given(result).Split(',', StringSplitOptions.TrimEntries).Select(parse).ToList();

    private static T Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
