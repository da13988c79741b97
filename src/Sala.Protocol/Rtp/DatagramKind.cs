namespace Sala.Protocol.Rtp;

public enum DatagramKind
{
    Unknown,
    Signaling,
    Rtp,
    Rtcp,
}
