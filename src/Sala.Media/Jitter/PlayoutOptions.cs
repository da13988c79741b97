namespace Sala.Media.Jitter;

/// <summary>Playout limits. The defaults are the ones Sala uses.</summary>
public sealed record PlayoutOptions
{
    /// <summary>Concealed frames in a row (10 = 200 ms) after which the playout fades out and re-buffers.</summary>
    public int MaxConcealedFrames { get; init; } = 10;

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
}
