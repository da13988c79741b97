using System.Globalization;

namespace Sala.Audio.Tests;

/// <summary>
/// A room on the private PulseAudio: what is played into one sink comes back, delayed and attenuated, into another
/// (module-loopback from the speaker's monitor into the microphone's sink, with its sink input turned down; its rate is
/// left alone, as a room's is, since both null sinks run on one clock). Whatever
/// else is fed into that microphone sink mixes with it, as a talker's voice mixes with the room's echo. Unloaded on
/// dispose, so the next test on the server hears no echo.
/// </summary>
internal sealed class PulseAudioEchoPath : IAsyncDisposable
{
    private readonly PulseAudioServer _server;
    private readonly string _module;

    private PulseAudioEchoPath(PulseAudioServer server, string module)
    {
        _server = server;
        _module = module;
    }

    public static async Task<PulseAudioEchoPath> OpenAsync(
        PulseAudioServer server, string speakerSink, string microphoneSink, int delayMilliseconds, double gainDecibels)
    {
        var before = SinkInputs(await server.ControlAsync("list", "short", "sink-inputs"));
        var module = (await server.ControlAsync(
            "load-module", "module-loopback", $"source={speakerSink}.monitor", $"sink={microphoneSink}",
            $"latency_msec={delayMilliseconds}", "adjust_time=0", "source_dont_move=true", "sink_dont_move=true")).Single().Trim();
        var path = new PulseAudioEchoPath(server, module);
        try
        {
            // The loopback's own stream is the one sink input that was not there before it (the tests on this server
            // run one at a time, and nothing else plays yet).
            var loopback = SinkInputs(await server.ControlAsync("list", "short", "sink-inputs")).Except(before).Single();
            // pactl reads a bare decimal as a linear amplitude factor.
            var factor = Math.Pow(10, gainDecibels / 20).ToString("0.000", CultureInfo.InvariantCulture);
            await server.ControlAsync("set-sink-input-volume", loopback, factor);
        }
        catch
        {
            await path.DisposeAsync();
            throw;
        }

        return path;
    }

    public async ValueTask DisposeAsync() => await _server.ControlAsync("unload-module", _module);

    private static string[] SinkInputs(IEnumerable<string> shortListing) =>
        [.. shortListing.Select(line => line.Split('\t')[0].Trim()).Where(index => index.Length > 0)];
}
