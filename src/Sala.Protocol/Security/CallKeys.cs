namespace Sala.Protocol.Security;

/// <summary>
/// One side's keys for one call: what it encrypts and tags with, what it decrypts and verifies with (the peer's
/// send keys), and the short authentication string both sides show. The media keys and salts are SRTP master keys
/// and salts: <see cref="SrtpKeyDerivation"/> gives the session keys that protect packets. <see cref="PostQuantum"/>
/// is true when they come from both ECDH and ML-KEM-768, so that recording the call now and breaking ECDH later
/// (with a quantum computer) reveals nothing.
/// </summary>
public sealed record CallKeys(
    byte[] SendKey,
    byte[] SendSalt,
    byte[] ReceiveKey,
    byte[] ReceiveSalt,
    byte[] SendControlKey,
    byte[] ReceiveControlKey,
    string ShortAuthenticationString,
    bool PostQuantum = false);
