namespace Sala.Protocol.Rtp;

/// <summary>
/// Which SSRC a receiver of one peer plays. The first source heard is played at once (the peer's address, and in an
/// encrypted call SRTP, already vouch for it). Any other SSRC is on probation, as RFC 3550 A.1 puts new sources: it
/// replaces the current one only after <see cref="MinSequential"/> packets in sequence with no packet of the current
/// source among them, which is what a restarted stream looks like (RFC 3550 §8.2). Until then its packets are
/// dropped, so stray packets, or a second stream alongside the played one, never flush the playout. Pure; not
/// thread-safe; allocates nothing.
/// </summary>
public sealed class RtpSourceSelection
{
    /// <summary>In-sequence packets a new source needs before it is played (RFC 3550 A.1's MIN_SEQUENTIAL).</summary>
    public const int MinSequential = 2;

    private uint _current;
    private bool _hasCurrent;
    private uint _candidate;
    private ushort _candidateSequence;
    private int _candidateRun;

    /// <summary>The SSRC being played, once one was heard.</summary>
    public uint? Current => _hasCurrent ? _current : null;

    /// <summary>Packets dropped because their source was on probation.</summary>
    public long ProbationDrops { get; private set; }

    public SourceVerdict Offer(uint ssrc, ushort sequence)
    {
        if (!_hasCurrent || ssrc == _current)
        {
            _hasCurrent = true;
            _current = ssrc;
            // The current source is alive: a candidate has to prove itself again from here on.
            _candidateRun = 0;
            return SourceVerdict.Play;
        }
        // A run counts only packets in sequence from one candidate; a packet of the current source in between (which
        // set the run to 0) or any other packet starts it afresh.
        if (_candidateRun > 0 && ssrc == _candidate && sequence == (ushort)(_candidateSequence + 1))
        {
            _candidateRun++;
        }
        else
        {
            _candidate = ssrc;
            _candidateRun = 1;
        }
        _candidateSequence = sequence;
        if (_candidateRun < MinSequential)
        {
            ProbationDrops++;
            return SourceVerdict.Probation;
        }
        _current = ssrc;
        _candidateRun = 0;
        return SourceVerdict.Switch;
    }
}
