using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>RFC 3711 appendix B.3, byte for byte, and the 12-byte salt of AES-GCM (RFC 7714 §11) as libsrtp pads it.</summary>
public sealed class SrtpKeyDerivationTests
{
    private static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    [Theory]
    [InlineData(0x00, "C61E7A93744F39EE10734AFE3FF7A087")]           // cipher key
    [InlineData(0x01, "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4")]   // auth key: two blocks, the counter counts
    [InlineData(0x02, "30CBBC08863D8C85D49DB34A9AE1")]               // cipher salt
    public void The_RFC_3711_appendix_B3_keys_come_out(byte label, string expected)
    {
        Assert.Equal(expected, Convert.ToHexString(SrtpKeyDerivation.Derive(MasterKey, MasterSalt, label, expected.Length / 2)));
    }

    [Fact]
    public void The_RTP_session_key_and_salt_are_labels_0_and_2()
    {
        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(SrtpKeyDerivation.RtpSessionKey(MasterKey, MasterSalt)));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1"[..24], Convert.ToHexString(SrtpKeyDerivation.RtpSessionSalt(MasterKey, MasterSalt)));
    }

    [Fact]
    public void A_12_byte_master_salt_is_the_14_byte_one_with_two_zero_bytes_after_it()
    {
        var gcmSalt = MasterSalt[..12];
        Assert.Equal(SrtpKeyDerivation.Derive(MasterKey, [.. gcmSalt, 0, 0], 0x02, 12), SrtpKeyDerivation.RtpSessionSalt(MasterKey, gcmSalt));
        Assert.NotEqual(SrtpKeyDerivation.Derive(MasterKey, [0, 0, .. gcmSalt], 0x02, 12), SrtpKeyDerivation.RtpSessionSalt(MasterKey, gcmSalt));
    }
}
