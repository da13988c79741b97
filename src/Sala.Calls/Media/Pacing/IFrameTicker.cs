namespace Sala.Calls.Media.Pacing;

/// <summary>
/// What paces a call's frame loop: the system clock (files, tones), the microphone's own clock (sound cards), or a
/// test's hand (<see cref="ManualFrameClock"/>). The loop is the same for all three.
/// </summary>
internal interface IFrameTicker : IDisposable
{
    /// <summary>
    /// Blocks until the next frame is due and gives the time it runs at, on the session's clock (time since the
    /// session started). False once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    bool WaitForFrame(CancellationToken cancellationToken, out TimeSpan frameTime);
}
