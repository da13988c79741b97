using Sala.Calls.Media;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Calls.Tests;

/// <summary>
/// A callee whose microphone hears its own speaker (<see cref="EchoRoom"/>): without echo cancellation the caller hears
/// its own tone back; with it, that echo is cancelled before it is sent.
/// </summary>
public sealed class EchoCancellationCallTests
{
    [Fact]
    public async Task With_echo_cancellation_the_caller_no_longer_hears_itself_back()
    {
        var echoed = await EchoHeardByCallerAsync(VoiceProcessingOptions.Off);
        var cancelled = await EchoHeardByCallerAsync(new VoiceProcessingOptions(EchoCancellation: true, NoiseSuppression: false));

        Assert.True(echoed > 0.05, $"the uncancelled echo came back at RMS {echoed:0.000}: the room does not echo");
        var reductionDb = 20 * Math.Log10(echoed / Math.Max(cancelled, 1e-5));
        Assert.True(reductionDb >= 20, $"echo at RMS {echoed:0.000} without cancellation, {cancelled:0.0000} with: {reductionDb:0.0} dB less, expected 20");
    }

    /// <summary>The RMS of what the caller hears over the call's last second and a half.</summary>
    private static async Task<double> EchoHeardByCallerAsync(VoiceProcessingOptions voice)
    {
        await using var alice = Phone.Start("alice", () => new ToneSource(440, amplitude: 0.5));
        var room = new EchoRoom();
        await using var bob = Phone.Start("bob", room.OpenMicrophone, speaker: room.OpenSpeaker, voice: voice);
        Assert.True(alice.Agent.Call("bob", bob.EndPoint));
        await bob.NextAsync<IncomingCallEvent>();
        bob.Agent.Accept();
        await alice.NextAsync<CallConnectedEvent>();
        await Eventually.TrueAsync(() => alice.Devices.Speakers[0].Samples.Length >= 4 * AudioFormat.SampleRate, "four seconds of the call");
        alice.Agent.HangUp();
        await alice.NextAsync<CallEndedEvent>();
        var heard = alice.Devices.Speakers[0].Samples;
        return AudioAnalysis.Rms(heard.AsSpan(heard.Length - (3 * AudioFormat.SampleRate / 2)));
    }
}
