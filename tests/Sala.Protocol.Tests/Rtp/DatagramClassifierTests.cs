using Sala.Protocol.Rtp;

namespace Sala.Protocol.Tests.Rtp;

public sealed class DatagramClassifierTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'C', (byte)'O' }, DatagramKind.Signaling)]
    [InlineData(new byte[] { (byte)'a' }, DatagramKind.Signaling)]
    [InlineData(new byte[] { (byte)'Z' }, DatagramKind.Signaling)]
    [InlineData(new byte[] { 0x80, 111 }, DatagramKind.Rtp)]
    [InlineData(new byte[] { 0x80, 0x80 | 111 }, DatagramKind.Rtp)]
    [InlineData(new byte[] { 0xBF, 97 }, DatagramKind.Rtp)]
    [InlineData(new byte[] { 0x80, 191 }, DatagramKind.Rtp)]
    [InlineData(new byte[] { 0x80, 224 }, DatagramKind.Rtp)]
    [InlineData(new byte[] { 0x80, 192 }, DatagramKind.Rtcp)]   // RFC 5761 §4: the whole 192-223 range is RTCP
    [InlineData(new byte[] { 0x80, 199 }, DatagramKind.Rtcp)]
    [InlineData(new byte[] { 0x81, 205 }, DatagramKind.Rtcp)]   // RTPFB: NACK, TWCC (RFC 4585)
    [InlineData(new byte[] { 0x81, 206 }, DatagramKind.Rtcp)]   // PSFB: PLI, FIR, REMB
    [InlineData(new byte[] { 0x80, 207 }, DatagramKind.Rtcp)]   // XR (RFC 3611)
    [InlineData(new byte[] { 0x80, 223 }, DatagramKind.Rtcp)]
    [InlineData(new byte[] { 0x80, 200 }, DatagramKind.Rtcp)]
    [InlineData(new byte[] { 0x81, 201 }, DatagramKind.Rtcp)]
    [InlineData(new byte[] { 0xA0, 204 }, DatagramKind.Rtcp)]
    [InlineData(new byte[] { }, DatagramKind.Unknown)]
    [InlineData(new byte[] { 0x80 }, DatagramKind.Unknown)]
    [InlineData(new byte[] { 0x7F, 111 }, DatagramKind.Unknown)]
    [InlineData(new byte[] { 0xC0, 111 }, DatagramKind.Unknown)]
    [InlineData(new byte[] { (byte)'1', (byte)'A' }, DatagramKind.Unknown)]
    [InlineData(new byte[] { (byte)' ', (byte)'A' }, DatagramKind.Unknown)]
    [InlineData(new byte[] { (byte)'@' }, DatagramKind.Unknown)]
    [InlineData(new byte[] { (byte)'[' }, DatagramKind.Unknown)]
    public void Classify_TellsKindsApartByTheFirstTwoBytes(byte[] datagram, DatagramKind expected) =>
        Assert.Equal(expected, DatagramClassifier.Classify(datagram));

    [Fact]
    public void EverySignalingWord_IsSignaling()
    {
        foreach (var word in new[] { "CONVITE", "ACEITO", "REJEITADO", "CALLBACK", "ENCERRAR" })
            Assert.Equal(DatagramKind.Signaling, DatagramClassifier.Classify(System.Text.Encoding.ASCII.GetBytes(word)));
    }

    [Fact]
    public void WrittenRtpHeader_IsRtp()
    {
        var bytes = new byte[12];
        new RtpHeader(RtpPayloadTypes.Opus, 1, 2, 3, marker: true).WriteTo(bytes);
        Assert.Equal(DatagramKind.Rtp, DatagramClassifier.Classify(bytes));
    }
}
