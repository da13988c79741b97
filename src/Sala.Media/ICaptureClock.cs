namespace Sala.Media;

/// <summary>
/// A microphone that captures on a clock of its own (a sound card's crystal, 20 to 100 ppm off any other). A call
/// paces itself by it: a frame is processed when the device has delivered one, so the two never drift apart.
/// </summary>
public interface ICaptureClock
{
    /// <summary>
    /// Waits up to <paramref name="timeout"/> until a whole frame of <paramref name="samples"/> has been captured and
    /// not read yet; true when one has. Call from the thread that reads.
    /// </summary>
    bool WaitForFrame(int samples, TimeSpan timeout);
}
