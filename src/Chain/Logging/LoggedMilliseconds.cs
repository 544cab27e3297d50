using System.Globalization;

namespace HumanzCni.Chain.Logging;

/// <summary>
/// An elapsed time as a call's log line spells it: milliseconds with at most three decimals and no trailing zeros
/// ("3", "0.25", "12.031"), the text <see cref="TimeSpan.TotalMilliseconds"/> formatted with <c>"0.###"</c> gives. Written
/// from the whole microseconds instead: a custom numeric format takes the double formatter's slowest path (about 2,000
/// instructions a value, and a line has one per stage, kernel times and the total), and it allocates a string each time.
/// </summary>
/// <param name="Elapsed">Never negative: a time measured with <see cref="System.Diagnostics.Stopwatch"/>.</param>
internal readonly record struct LoggedMilliseconds(TimeSpan Elapsed) : ISpanFormattable
{
    /// <summary>The longest text: a whole number of milliseconds of up to 16 digits (TimeSpan's range), a point and three decimals.</summary>
    private const int MaxLength = 20;

    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        // Half a microsecond and more rounds up, as "0.###" rounds the tick count's exact decimal digits.
        var microseconds = (Elapsed.Ticks + 5) / 10;
        var fraction = (int)(microseconds % 1000);
        if (!(microseconds / 1000).TryFormat(destination, out charsWritten, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        if (fraction == 0)
        {
            return true;
        }

        var decimals = 3;
        for (; fraction % 10 == 0; fraction /= 10)
        {
            decimals--;
        }

        if (destination.Length < charsWritten + 1 + decimals)
        {
            charsWritten = 0;
            return false;
        }

        destination[charsWritten] = '.';
        for (var i = decimals; i > 0; i--, fraction /= 10)
        {
            destination[charsWritten + i] = (char)('0' + (fraction % 10));
        }

        charsWritten += 1 + decimals;
        return true;
    }

    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxLength];
        TryFormat(text, out var length, default, null);
        return new string(text[..length]);
    }
}
