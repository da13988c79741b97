using Sala.Protocol.Rtp;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// What a receiver keeps about one RTP source to report on it (RFC 3550 A.1, A.3, A.8): sequence tracking with
/// probation, wrap, reordering and duplicates; expected and lost packets per interval; interarrival jitter; and the
/// last SR heard, for LSR and DLSR. Pure: the caller passes every time in, from one monotonic clock. Not thread-safe;
/// recording a packet allocates nothing.
/// </summary>
public sealed class ReceptionStatistics
{
    /// <summary>A forward jump of fewer sequence numbers than this is a loss, not a restart (RFC 3550 A.1).</summary>
    public const int MaxDropout = 3000;

    /// <summary>A backward jump of at most this many is a late packet, not a restart (RFC 3550 A.1).</summary>
    public const int MaxMisorder = 100;

    /// <summary>Packets in sequence before a source is valid (RFC 3550 A.1).</summary>
    public const int MinSequential = 2;

    private const uint SequenceModulus = 1 << 16;

    private readonly int _clockRate;

    // RFC 3550 A.1's source state, with the same names.
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq;
    private uint _probation;
    private uint _received;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private bool _heard;

    // RFC 3550 A.8: the previous transit time and the jitter scaled by 16.
    private int _transit;
    private bool _hasTransit;
    private long _jitterScaled;

    private uint _lastSenderReport;
    private TimeSpan _lastSenderReportArrival;

    /// <param name="ssrc">The source reported on: the peer's SSRC, as its RTP packets carry it.</param>
    /// <param name="clockRate">The RTP timestamp clock of the source, Hz.</param>
    public ReceptionStatistics(uint ssrc, int clockRate = RtpPayloadTypes.ClockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        Ssrc = ssrc;
        _clockRate = clockRate;
    }

    public uint Ssrc { get; }

    /// <summary>The source has passed probation: it sent <see cref="MinSequential"/> packets in sequence.</summary>
    public bool IsValid => _heard && _probation == 0;

    /// <summary>Packets counted since the source became valid, duplicates included (RFC 3550 A.3).</summary>
    public long PacketsReceived => _received;

    /// <summary>Cycles in the high 16 bits, the highest sequence number in the low 16 (RFC 3550 A.3).</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSeq;

    /// <summary>Packets expected minus packets received since the source became valid; negative with duplicates.</summary>
    public long CumulativeLost => IsValid ? Expected - _received : 0;

    /// <summary>Interarrival jitter in RTP timestamp units (RFC 3550 A.8).</summary>
    public uint Jitter => (uint)Math.Min(_jitterScaled >> 4, uint.MaxValue);

    /// <summary><see cref="Jitter"/> as a duration.</summary>
    public TimeSpan JitterTime => TimeSpan.FromTicks((long)Jitter * TimeSpan.TicksPerSecond / _clockRate);

    private long Expected => (long)ExtendedHighestSequence - _baseSeq + 1;

    /// <summary>
    /// Records an RTP packet from the source that arrived at <paramref name="arrival"/>. Returns false while the source
    /// is on probation or when the packet jumps so far that it may be a restart (RFC 3550 A.1's update_seq).
    /// </summary>
    public bool RecordPacket(ushort sequence, uint rtpTimestamp, TimeSpan arrival)
    {
        if (!_heard)
        {
            // A new source starts on probation, as if the packet before this one had been seen (A.1).
            _heard = true;
            InitSequence(sequence);
            _maxSeq = (ushort)(sequence - 1);
            _probation = MinSequential;
        }
        if (!UpdateSequence(sequence))
            return false;
        UpdateJitter(rtpTimestamp, arrival);
        return true;
    }

    /// <summary>
    /// Records an SR from the source that arrived at <paramref name="arrival"/> (the same clock as
    /// <see cref="TryCreateReportBlock"/>'s time), so the next report block echoes it as LSR and DLSR (RFC 3550 §6.4.1).
    /// </summary>
    public void RecordSenderReport(NtpTimestamp ntpTimestamp, TimeSpan arrival)
    {
        _lastSenderReport = ntpTimestamp.Middle32;
        _lastSenderReportArrival = arrival;
    }

    /// <summary>
    /// The report block for an SR or RR sent at <paramref name="now"/>, starting a new interval for the fraction lost
    /// (RFC 3550 A.3). False, and nothing changes, when nothing was received since the previous block: a report then
    /// carries no block about this source (§6.4.1).
    /// </summary>
    public bool TryCreateReportBlock(TimeSpan now, out ReportBlock block)
    {
        block = default;
        if (!IsValid || _received == _receivedPrior)
            return false;

        var expected = Expected;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = (long)_received - _receivedPrior;
        _expectedPrior = (uint)expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (lostInterval << 8) / expectedInterval;

        var delay = _lastSenderReport == 0 ? 0 : NtpTimestamp.ToShortFormat(now - _lastSenderReportArrival);
        block = new ReportBlock(
            Ssrc,
            (byte)Math.Min(fraction, 255),
            (int)Math.Clamp(expected - _received, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost),
            ExtendedHighestSequence,
            Jitter,
            _lastSenderReport,
            delay);
        return true;
    }

    private void InitSequence(ushort sequence)
    {
        _baseSeq = sequence;
        _maxSeq = sequence;
        _badSeq = SequenceModulus + 1; // so sequence == bad_seq is false
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }

    // RFC 3550 A.1 update_seq, line by line.
    private bool UpdateSequence(ushort sequence)
    {
        var udelta = (ushort)(sequence - _maxSeq);
        if (_probation > 0)
        {
            if (sequence == (ushort)(_maxSeq + 1))
            {
                _probation--;
                _maxSeq = sequence;
                if (_probation == 0)
                {
                    InitSequence(sequence);
                    _received++;
                    return true;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSeq = sequence;
            }
            return false;
        }
        if (udelta < MaxDropout)
        {
            // In order, with permissible gap; a smaller number means the 16-bit sequence wrapped.
            if (sequence < _maxSeq)
                _cycles += SequenceModulus;
            _maxSeq = sequence;
        }
        else if (udelta <= SequenceModulus - MaxMisorder)
        {
            // A very large jump: two in a row mean the sender restarted its sequence; resynchronise.
            if (sequence == _badSeq)
            {
                InitSequence(sequence);
            }
            else
            {
                _badSeq = (uint)((sequence + 1) & (SequenceModulus - 1));
                return false;
            }
        }
        // Otherwise a duplicate or a reordered packet: counted, the highest sequence unchanged.
        _received++;
        return true;
    }

    // RFC 3550 A.8, in integer form: J += (|D| - J) / 16 with J kept scaled by 16.
    private void UpdateJitter(uint rtpTimestamp, TimeSpan arrival)
    {
        var arrivalUnits = (uint)(arrival.Ticks / TimeSpan.TicksPerSecond * _clockRate
            + arrival.Ticks % TimeSpan.TicksPerSecond * _clockRate / TimeSpan.TicksPerSecond);
        var transit = unchecked((int)(arrivalUnits - rtpTimestamp));
        if (_hasTransit)
        {
            // The difference wraps in 32 bits as A.8's int arithmetic does, then takes its magnitude.
            var d = Math.Abs((long)unchecked(transit - _transit));
            _jitterScaled += d - ((_jitterScaled + 8) >> 4);
        }
        _transit = transit;
        _hasTransit = true;
    }
}
