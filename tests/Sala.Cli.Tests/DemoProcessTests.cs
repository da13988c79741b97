using System.Globalization;
using System.Text.RegularExpressions;
using Sala.Media.Devices;

namespace Sala.Cli.Tests;

public sealed partial class DemoProcessTests
{
    [GeneratedRegex(@"similarity to the clip (\d\.\d\d) of 1")]
    private static partial Regex SimilarityLine();

    [Fact]
    public async Task The_demo_makes_a_call_writes_what_the_callee_heard_and_prints_the_figures()
    {
        using var folder = new TempFolder();
        await using var demo = SalaProcess.Start("demo", "--seconds", "2", "--out", folder.File("heard.wav"));
        Assert.Equal(0, await demo.WaitForExitAsync());
        foreach (var figure in new[] { "packets sent", "packets received", "lost", "concealed", "jitter", "bitrate on the wire" })
            Assert.Contains(demo.Output, l => l.TrimStart().StartsWith(figure, StringComparison.Ordinal));
        var similarity = double.Parse(SimilarityLine().Match(string.Join('\n', demo.Output)).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(similarity > 0.8, $"similarity {similarity}");
        Assert.True(WavFiles.ReadAsAudioFormat(folder.File("heard.wav")).Length > 2 * 48_000);
    }
}
