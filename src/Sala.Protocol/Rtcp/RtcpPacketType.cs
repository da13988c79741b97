namespace Sala.Protocol.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1); on a port shared with RTP they are the second byte (RFC 5761 §4).</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,
}
