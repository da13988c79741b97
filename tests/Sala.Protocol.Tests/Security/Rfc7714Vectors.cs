namespace Sala.Protocol.Tests.Security;

/// <summary>
/// The AEAD_AES_128_GCM test vectors of RFC 7714 (§16.1.1 SRTP, §17.1 SRTCP), byte for byte. Session key and salt
/// are the RFC's, used directly (no key derivation), roll-over counter 0, SRTCP index 0x5D4.
/// </summary>
internal static class Rfc7714Vectors
{
    public static readonly byte[] Key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");

    /// <summary>"Quid pro quo".</summary>
    public static readonly byte[] Salt = Convert.FromHexString("517569642070726f2071756f");

    /// <summary>An RTP header (SSRC 0x5501A0B2, sequence 0xF17B) and "Gallia est omnis divisa in partes tres".</summary>
    public static readonly byte[] RtpPlain = Convert.FromHexString(
        "8040f17b8041f8d35501a0b2" +
        "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");

    /// <summary>The header unchanged, the payload encrypted, the 16-byte tag after it.</summary>
    public static readonly byte[] RtpProtected = Convert.FromHexString(
        "8040f17b8041f8d35501a0b2" +
        "f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf88" +
        "33899d7f27beb16a9152cf765ee4390cce");

    /// <summary>An SR from SSRC 0x4D617273 ("Mars") with one report block.</summary>
    public static readonly byte[] RtcpPlain = Convert.FromHexString(
        "81c8000d4d617273" +
        "4e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");

    public const uint RtcpIndex = 0x5D4;

    /// <summary>The first 8 octets clear, the rest encrypted, the tag, then E=1 and the index.</summary>
    public static readonly byte[] RtcpProtected = Convert.FromHexString(
        "81c8000d4d617273" +
        "63e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa458" +
        "96cf4d2fc5abf87245d9eade" +
        "800005d4");

    /// <summary>Authenticated only: the packet in the clear, the tag, then E=0 and the index.</summary>
    public static readonly byte[] RtcpTagged = Convert.FromHexString(
        "81c8000d4d617273" +
        "4e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef" +
        "841dd9683dd78ec92ae58790125f62b3" +
        "000005d4");
}
