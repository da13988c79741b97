namespace Sala.Cli.Tests.CommandLine;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(20, "20ms")]
    [InlineData(1_000, "1s")]
    [InlineData(10_000, "10s")]
    [InlineData(60_000, "60s")]
    [InlineData(90_000, "90s")]
    [InlineData(120_000, "2m")]
    [InlineData(86_400_000, "24h")]
    [InlineData(180L * 86_400_000, "180d")]
    public void Spell_writes_the_largest_whole_unit_and_reads_back(long milliseconds, string spelled)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);
        Assert.Equal(spelled, DurationText.Spell(duration));
        Assert.True(DurationText.TryParse(spelled, out var read));
        Assert.Equal(duration, read);
    }

    [Fact]
    public void Spell_has_no_word_for_a_fraction_of_a_millisecond() =>
        Assert.Null(DurationText.Spell(TimeSpan.FromTicks(5)));
}
