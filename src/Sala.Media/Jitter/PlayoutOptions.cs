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
}
