namespace Sala.Audio;

/// <summary>What became of a block written to a speaker.</summary>
internal enum WriteOutcome
{
    /// <summary>Queued on the device.</summary>
    Played,

    /// <summary>Queued, but the device had run dry before it (an underrun).</summary>
    RanDry,

    /// <summary>The device failed; the speaker has stopped.</summary>
    Failed,
}
