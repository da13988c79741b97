namespace Sala.Media.Jitter;

/// <summary>Playout limits. The defaults are the ones Sala uses.</summary>
public sealed record PlayoutOptions
{
    /// <summary>Concealed frames in a row (10 = 200 ms) after which the playout fades out and re-buffers.</summary>
    public int MaxConcealedFrames { get; init; } = 10;

    /// <summary>
    /// Frames of comfort noise in a row (50 = 1 s) after which a pause of the sender counts as it having stopped, and
    /// the playout fades out and re-buffers as after a loss. A sender in Opus DTX sends a frame every 400 ms of its
    /// pause, so its pauses stay well under this.
    /// </summary>
    public int MaxComfortNoiseFrames { get; init; } = 50;

    /// <summary>
    /// RMS level at or under which a frame counts as quiet (328 ≈ -40 dBFS, under speech, over background noise):
    /// the only frames the delay may be changed at without an audible click.
    /// </summary>
    public int QuietLevel { get; init; } = 328;

    /// <summary>
    /// Frames played between two drops (25 = 500 ms). The delay grows at once when jitter rises, but comes down
    /// slowly: a target that falls back after every burst would otherwise drop frames, then add them again at the
    /// next burst, warping speech for nothing. Still fast enough for a sender clock 5 % fast.
    /// </summary>
    public int MinFramesBetweenDrops { get; init; } = 25;

    /// <summary>
    /// Frames over the target with no pause to drop a frame in (150 = 3 s) after which a delay two frames or more
    /// over it is cut even in sound that never pauses (a tone, music, someone who never stops): a frame is dropped by cross-fading it into the next, a
    /// short blur instead of a click. Waiting only for quiet frames, a backlog left by one stall in such sound
    /// stayed for the rest of the call (270 ms over the target in a 10-minute tone soak, docs/benchmarks.md).
    /// </summary>
    public int LoudDropAfterFrames { get; init; } = 150;
}
