namespace Sala.Protocol.Rtp;

/// <summary>
/// Tells apart what arrives on a call's single UDP port by its first two bytes (MISSION.md section 2): text
/// signaling starts with an ASCII letter; RTP and RTCP start with version 2 (0x80-0xBF) and are split by the second
/// byte, which for RTCP is a packet type from 200 (SR) to 204 (APP) (RFC 5761 §4).
/// </summary>
public static class DatagramClassifier
{
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
            return DatagramKind.Unknown;
        var first = datagram[0];
        if (first is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z'))
            return DatagramKind.Signaling;
        if (first is < 0x80 or > 0xBF || datagram.Length < 2)
            return DatagramKind.Unknown;
        return datagram[1] is >= 200 and <= 204 ? DatagramKind.Rtcp : DatagramKind.Rtp;
    }
}
