namespace Sala.Audio.Tests;

/// <summary>One private PulseAudio for the tests of <see cref="PulseAudioGroup"/>, which run one at a time on it.</summary>
public sealed class PulseAudioFixture : IAsyncLifetime
{
    private PulseAudioServer? _server;

    internal PulseAudioServer Server => _server ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync() => _server = await PulseAudioServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
