using System.Globalization;
using HumanzCni.Chain.Logging;

namespace HumanzCni.Tests.Chain;

/// <summary>The log line's durations read exactly as TotalMilliseconds formatted with "0.###" always read.</summary>
public sealed class LoggedMillisecondsTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(4L, "0")]
    [InlineData(5L, "0.001")]
    [InlineData(10_000L, "1")]
    [InlineData(12_500L, "1.25")]
    [InlineData(12_345_675L, "1234.568")]
    [InlineData(9_995L, "1")]
    [InlineData(1_000_999_949L, "100099.995")]
    public void Writes_milliseconds_with_at_most_three_decimals_and_no_trailing_zeros(long ticks, string expected)
    {
        Assert.Equal(expected, new LoggedMilliseconds(TimeSpan.FromTicks(ticks)).ToString());
        Assert.Equal(expected, Custom(ticks));
    }

    [Fact]
    public void Agrees_with_the_custom_numeric_format_on_every_tick_count_tried()
    {
        var random = new Random(9);
        var ticks = Enumerable.Range(0, 100_000).Select(i => (long)i)
            .Concat(Enumerable.Range(0, 100_000).Select(_ => random.NextInt64(0, 100_000_000_000)));
        Assert.All(ticks, t => Assert.Equal(Custom(t), new LoggedMilliseconds(TimeSpan.FromTicks(t)).ToString()));
    }

    [Fact]
    public void Reports_a_destination_too_short_instead_of_writing_part()
    {
        var text = new char[4];

        Assert.False(new LoggedMilliseconds(TimeSpan.FromTicks(12_345_675)).TryFormat(text, out var written, default, null));
        Assert.Equal(0, written);
    }

    private static string Custom(long ticks) => TimeSpan.FromTicks(ticks).TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
}
