namespace Sala.Media.Jitter;

internal enum SequenceStep
{
    /// <summary>Within the stream: ahead by less than a dropout, or behind by less than a misorder.</summary>
    InStream = 0,

    /// <summary>A far jump, held on probation.</summary>
    Jumped,

    /// <summary>The packet after a jump followed it: the sender restarted its sequence.</summary>
    Restarted,
}
