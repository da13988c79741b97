namespace Sala.Protocol.Rtp;

/// <summary>
/// Tells apart what arrives on a call's single UDP port by its first two bytes (MISSION.md section 2): text
/// signaling starts with an ASCII letter; RTP and RTCP start with version 2 (0x80-0xBF) and are split by the second
/// byte, which RFC 5761 §4 reserves from 192 to 223 for RTCP: reports (200-204), but also feedback (RFC 4585: 205,
/// 206) and extended reports (RFC 3611: 207), which must never reach the playout as audio.
/// </summary>
public static class DatagramClassifier
{
    /// <summary>The second bytes RFC 5761 §4 gives to RTCP on a port shared with RTP.</summary>
    public const byte FirstRtcpType = 192;

    public const byte LastRtcpType = 223;

    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
            return DatagramKind.Unknown;
        var first = datagram[0];
        if (first is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z'))
            return DatagramKind.Signaling;
        if (first is < 0x80 or > 0xBF || datagram.Length < 2)
            return DatagramKind.Unknown;
        return datagram[1] is >= FirstRtcpType and <= LastRtcpType ? DatagramKind.Rtcp : DatagramKind.Rtp;
    }
}
