namespace Sala.Protocol.Security;

/// <summary>
/// One side's keys for one call: what it encrypts and tags with, what it decrypts and verifies with (the peer's
/// send keys), and the short authentication string both sides show. SRTCP has keys and salts of its own, as SRTP's
/// key derivation gives it (RFC 3711 §4.3.2): its IVs could otherwise repeat SRTP's (see SrtcpNonce).
/// </summary>
public sealed record CallKeys(
    byte[] SendKey,
    byte[] SendSalt,
    byte[] ReceiveKey,
    byte[] ReceiveSalt,
    byte[] SendControlKey,
    byte[] ReceiveControlKey,
    string ShortAuthenticationString,
    byte[] SendRtcpKey,
    byte[] SendRtcpSalt,
    byte[] ReceiveRtcpKey,
    byte[] ReceiveRtcpSalt);
