namespace Sala.Media.Analysis;

/// <summary>
/// Where a recorded tone broke, in 5 ms windows: gaps (it fell silent) and skips (its phase jumped: audio was
/// dropped or inserted). See <see cref="ToneContinuity.Find"/>.
/// </summary>
public sealed record ToneBreaks(int Windows, int Gaps, int Skips, TimeSpan LongestGap, TimeSpan? FirstBreak)
{
    /// <summary>Where each break began (a run of silent or skipped windows counts once), from the recording's start.</summary>
    public IReadOnlyList<TimeSpan> Starts { get; init; } = [];

    public bool None => Gaps == 0 && Skips == 0;

    public override string ToString() =>
        $"{Windows} windows of 5 ms: {Gaps} silent (longest gap {LongestGap.TotalMilliseconds:0} ms), {Skips} skips" +
        (FirstBreak is { } at ? $", the first at {at.TotalSeconds:0.000} s" : "");
}
