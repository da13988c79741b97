using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

// Calls: the decoder calls made for this frame (a drop makes two decodes).
// Sample: the frame's last sample; fades leave it at the decoder's value (or at silence, fading out).
internal sealed record SimulatedFrame(
    int Index,
    TimeSpan Time,
    PlayoutFrame Kind,
    short Sample,
    bool Quiet,
    DecoderCall[] Calls,
    TimeSpan BufferedDelay,
    TimeSpan TargetDelay);
