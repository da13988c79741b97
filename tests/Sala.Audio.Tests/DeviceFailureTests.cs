namespace Sala.Audio.Tests;

/// <summary>A device that disappears mid-stream ends audio on that side with a failure message; nothing crashes or hangs.</summary>
public sealed class DeviceFailureTests
{
    [Fact]
    public async Task Killing_the_sound_server_mid_stream_fails_both_devices_without_a_crash()
    {
        // Its own server, since this test kills it.
        await using var server = await PulseAudioServer.StartAsync();
        await using var host = AudioHost.Start(server.Environment, "run", "default", "default", "--max-seconds", "20");
        host.WaitForLine(l => l == "running", AudioHost.Deadline);

        server.Kill();

        // PortAudio's blocking calls return an error at once, or after its ~2 s time-out for a device that hangs. The host
        // reports once both have failed, or at its 20 s limit with "-" for a device that never did.
        var failure = host.WaitForLineStartingWith("failure ", TimeSpan.FromSeconds(30));
        Assert.True(await host.WaitForExitAsync(TimeSpan.FromSeconds(10)) == 0, host.Transcript);
        Assert.Matches("^failure mic=microphone 'default' failed: .+ speaker=speaker 'default' failed: .+$", failure);
        Assert.DoesNotContain(host.Errors, l => l.Contains("Unhandled exception", StringComparison.Ordinal));
    }
}
