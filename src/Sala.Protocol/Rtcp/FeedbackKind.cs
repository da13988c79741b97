namespace Sala.Protocol.Rtcp;

/// <summary>What an RTCP feedback or extended report packet asks for. Sala reads them and acts on none.</summary>
public enum FeedbackKind
{
    /// <summary>RTPFB FMT 1 (RFC 4585 §6.2.1): packets the receiver wants again.</summary>
    GenericNack,

    /// <summary>RTPFB FMT 15: transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions).</summary>
    TransportWideCongestionControl,

    /// <summary>Any other RTPFB (TMMBR, TMMBN of RFC 5104, ...).</summary>
    OtherTransport,

    /// <summary>PSFB FMT 1 (RFC 4585 §6.3.1): picture loss indication.</summary>
    PictureLossIndication,

    /// <summary>PSFB FMT 4 (RFC 5104 §4.3.1): full intra request.</summary>
    FullIntraRequest,

    /// <summary>PSFB FMT 15 (RFC 4585 §6.4): application layer feedback, such as REMB.</summary>
    ApplicationLayer,

    /// <summary>Any other PSFB (SLI, RPSI, ...).</summary>
    OtherPayload,

    /// <summary>XR (RFC 3611).</summary>
    ExtendedReport,
}
