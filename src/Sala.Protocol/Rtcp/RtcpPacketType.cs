namespace Sala.Protocol.Rtcp;

/// <summary>RTCP packet types (RFC 3550 §12.1); on a port shared with RTP they are the second byte (RFC 5761 §4).</summary>
public enum RtcpPacketType : byte
{
    SenderReport = 200,
    ReceiverReport = 201,
    SourceDescription = 202,
    Goodbye = 203,
    ApplicationDefined = 204,

    /// <summary>RTPFB, transport-layer feedback (RFC 4585 §6.2): generic NACK, transport-wide congestion control.</summary>
    TransportFeedback = 205,

    /// <summary>PSFB, payload-specific feedback (RFC 4585 §6.3): PLI, SLI, RPSI, FIR (RFC 5104), REMB.</summary>
    PayloadFeedback = 206,

    /// <summary>XR, extended reports (RFC 3611).</summary>
    ExtendedReport = 207,
}
