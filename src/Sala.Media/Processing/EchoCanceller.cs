using Sala.Media.Processing.Native;

namespace Sala.Media.Processing;

/// <summary>
/// Removes from the microphone what the speaker played, one frame (20 ms, or 10 ms) at a time: speexdsp's adaptive filter
/// (MDF) takes out the echo it can model, then a <see cref="ResidualEchoSuppressor"/> takes off, band by band, what it
/// left, easing while the near end talks. Hand it each frame exactly as it went to the speaker, with the captured
/// frame that heard it; the filter finds the delay between the two itself, up to <see cref="FilterMilliseconds"/>
/// minus the echo's own tail. With the suppression on, the output is <see cref="ResidualEchoSuppressor.DelaySamples"/>
/// (5 ms) late. Allocates nothing per frame; not thread-safe (one frame loop calls it).
/// </summary>
public sealed class EchoCanceller : IDisposable
{
    /// <summary>Echo delay plus room tail the filter can model: a laptop's path and a small room's reverberation.</summary>
    public const int DefaultFilterMilliseconds = 300;

    // speexdsp runs on 5 ms pieces of each frame: its filter adapts once a piece, so it converges faster and holds up
    // better in double talk than on whole 20 ms frames (measured in the simulated room: ERLE +3 dB, double-talk
    // similarity 0.83 -> 0.95), for about the same CPU.
    private const int Subframe = AudioFormat.SamplesPerFrame / 4;

    // The estimate follows the echo over about a second (50 frames of 20 ms); frames where the far end is this quiet
    // (per sample) are not counted, since there is no echo in them to cancel. Every smoothing below is given per 20 ms
    // frame and weighed by the frame's length, so 10 ms frames follow over the same time.
    private const double ErleSmoothing = 1.0 / 50;
    private const double SilentFarEndSampleEnergy = 10.0 * 10.0;

    // Whether there is an echo at all is judged by what the filter alone takes off over the last 200 ms or so of
    // frames in which the far end played: a microphone that does not hear the speaker (a headset) loses at most
    // 1.3 dB to it in the simulated tests, a room's echo at least 3.4 dB once converged. The residual suppression
    // acts in full from FilterErleForEcho up, not at all at FilterErleForNone and below, so it never takes anything
    // off a near end's voice that nothing echoes into. An echo path found is held: while the near end talks over the
    // echo the filter's figure drops (its voice is in both powers), but the room has not changed, so the presence
    // falls back over 5 s of far-end frames (250), not at once (a PulseAudio room let the echo back at -24 dB so).
    private const double FilterErleSmoothing = 1.0 / 10;
    private const double FilterErleForNone = 1.5;
    private const double FilterErleForEcho = 3.5;
    private const double PresenceFallPerFrame = 1.0 / 250;

    private readonly LibSpeexDsp _library;
    private readonly SpeexEchoStateHandle _echo;
    private readonly ResidualEchoSuppressor? _residual;
    private readonly short[] _work = new short[AudioFormat.SamplesPerFrame];
    private double _capturedPower;
    private double _outputPower;
    private double _filterCapturedPower;
    private double _filterOutputPower;
    private double _echoPresence;

    /// <summary>Creates a canceller on the system's speexdsp.</summary>
    /// <param name="filterMilliseconds">Echo delay plus tail to model, 20 to 2000 ms; longer costs more CPU and converges slower.</param>
    /// <param name="suppressResidualEcho">Whether to suppress the echo the filter left (on: far more echo goes).</param>
    /// <exception cref="DllNotFoundException">speexdsp is not installed; the message says how to install it.</exception>
    public EchoCanceller(int filterMilliseconds = DefaultFilterMilliseconds, bool suppressResidualEcho = true)
        : this(LibSpeexDsp.Instance, filterMilliseconds, suppressResidualEcho)
    {
    }

    internal EchoCanceller(LibSpeexDsp? library, int filterMilliseconds, bool suppressResidualEcho)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filterMilliseconds, AudioFormat.FrameMilliseconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(filterMilliseconds, 2000);
        _library = SpeexDsp.Require(library);
        FilterMilliseconds = filterMilliseconds;
        _echo = _library.CreateEchoState(
            Subframe, AudioFormat.SampleRate / 1000 * filterMilliseconds, AudioFormat.SampleRate);
        _residual = suppressResidualEcho ? new ResidualEchoSuppressor() : null;
    }

    /// <summary>The echo delay plus tail the filter models.</summary>
    public int FilterMilliseconds { get; }

    /// <summary>Whether the residual echo is suppressed after the filter.</summary>
    public bool SuppressesResidualEcho => _residual is not null;

    /// <summary>
    /// Echo return loss enhancement, in dB: how much weaker the output is than the capture over the last second or so
    /// of frames in which the far end played something. 0 until the far end has played. Near-end speech lowers it
    /// (it is in both), so read it as a floor on the true figure while both talk.
    /// </summary>
    public double ErleDecibels => _outputPower > 0 ? 10 * Math.Log10(_capturedPower / _outputPower) : 0;

    /// <summary>
    /// How sure the canceller is that the microphone hears the speaker at all, 0 to 1, from what its filter alone took
    /// off lately (held for a while once found); the residual suppression acts in proportion.
    /// </summary>
    public double EchoPresence => _echoPresence;

    /// <summary>
    /// Cancels the echo of <paramref name="played"/> (the frame handed to the speaker) from <paramref name="captured"/>
    /// (the microphone's frame of the same time) into <paramref name="output"/>, which may be <paramref name="captured"/>'s memory.
    /// </summary>
    public void Process(ReadOnlySpan<short> played, ReadOnlySpan<short> captured, Span<short> output)
    {
        RequireFrame(played.Length, nameof(played));
        RequireFrame(captured.Length, nameof(captured));
        RequireFrame(output.Length, nameof(output));
        if (captured.Length != played.Length || output.Length != played.Length)
            throw new ArgumentException("The played, captured and output frames must be one length.", nameof(output));
        var length = played.Length;
        var weight = (double)length / AudioFormat.SamplesPerFrame;
        var work = _work.AsSpan(0, length);

        var added = false;
        try
        {
            _echo.DangerousAddRef(ref added);
            for (var n = 0; n < length; n += Subframe)
            {
                _library.EchoCancellation(
                    _echo.DangerousGetHandle(), captured.Slice(n, Subframe), played.Slice(n, Subframe), work.Slice(n, Subframe));
            }
        }
        finally
        {
            if (added)
                _echo.DangerousRelease();
        }

        // Energies per 20 ms, so that the figures mean the same whatever the frame's length.
        var farEndPlays = Energy(played) > SilentFarEndSampleEnergy * length;
        var capturedEnergy = farEndPlays ? Energy(captured) / weight : 0;
        if (farEndPlays)
        {
            _filterCapturedPower += weight * FilterErleSmoothing * (capturedEnergy - _filterCapturedPower);
            _filterOutputPower += weight * FilterErleSmoothing * ((Energy(work) / weight) - _filterOutputPower);
            var filterErle = _filterOutputPower > 0 ? 10 * Math.Log10(_filterCapturedPower / _filterOutputPower) : 0;
            var now = Math.Clamp((filterErle - FilterErleForNone) / (FilterErleForEcho - FilterErleForNone), 0, 1);
            _echoPresence = Math.Max(now, _echoPresence - (weight * PresenceFallPerFrame));
        }

        _residual?.Process(work, played, EchoPresence, work);

        if (farEndPlays)
        {
            _capturedPower += weight * ErleSmoothing * (capturedEnergy - _capturedPower);
            _outputPower += weight * ErleSmoothing * ((Energy(work) / weight) - _outputPower);
        }

        work.CopyTo(output);
    }

    public void Dispose() => _echo.Dispose();

    private static double Energy(ReadOnlySpan<short> frame)
    {
        long sum = 0;
        foreach (var x in frame)
            sum += x * x;
        return sum;
    }

    private static void RequireFrame(int length, string name)
    {
        if (length is not (AudioFormat.SamplesPerFrame or AudioFormat.SamplesPerFrame / 2))
            throw new ArgumentException($"A frame holds {AudioFormat.SamplesPerFrame / 2} or {AudioFormat.SamplesPerFrame} samples, not {length}.", name);
    }
}
