using System.Net;
using System.Text;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Signaling;

public sealed class SignalingParseTests
{
    [Theory]
    [InlineData("CONVITE alice 192.168.0.10 5000 call=abc123 codec=opus ptime=60", 60)]
    [InlineData("ACEITO call=abc123 ptime=40", 40)]
    [InlineData("ACEITO call=abc123 codec=opus ptime=10", 10)]
    [InlineData("ACEITO call=abc123 codec=opus", null)]
    public void Invite_and_accept_carry_the_packet_time_their_sender_asks_for(string text, int? milliseconds)
    {
        var message = Parse(text);
        Assert.Equal(milliseconds, message.PacketTime);
        Assert.Empty(message.OtherFields);
        Span<byte> formatted = stackalloc byte[256];
        Assert.True(message.TryFormat(formatted, out var written));
        Assert.Equal(text, System.Text.Encoding.ASCII.GetString(formatted[..written]));
    }

    [Fact]
    public void Invite_CarriesNameAddressPortCallAndCodec()
    {
        var message = Parse("CONVITE alice 192.168.0.10 5000 call=abc123 codec=opus");
        Assert.Equal(SignalingKind.Invite, message.Kind);
        Assert.Equal("alice", message.Name);
        Assert.Equal(IPAddress.Parse("192.168.0.10"), message.Address);
        Assert.Equal(5000, message.Port);
        Assert.Equal("abc123", message.CallId);
        Assert.Equal(CallCodec.Opus, message.Codec);
        Assert.Empty(message.OtherFields);
    }

    [Fact]
    public void Invite_AcceptsUnicodeNamesAndIpv6_AndNormalisesTheName()
    {
        var message = Parse("CONVITE Joa\u0303o ::1 40000 call=X codec=pcm\n");
        Assert.Equal("João", message.Name);
        Assert.Equal(IPAddress.IPv6Loopback, message.Address);
        Assert.Equal(CallCodec.Pcm, message.Codec);
    }

    [Theory]
    [InlineData("ACEITO call=abc", SignalingKind.Accept)]
    [InlineData("ACEITO call=abc codec=pcm\r\n", SignalingKind.Accept)]
    [InlineData("REJEITADO call=abc", SignalingKind.Reject)]
    [InlineData("CALLBACK call=Z9", SignalingKind.Callback)]
    [InlineData("ENCERRAR call=abc", SignalingKind.Hangup)]
    [InlineData("  CALLBACK   call=abc   \n", SignalingKind.Callback)]
    public void ValidDatagrams_Parse(string text, SignalingKind kind) => Assert.Equal(kind, Parse(text).Kind);

    [Theory]
    [InlineData("REJEITADO call=a reason=busy", SignalingReason.Busy)]
    [InlineData("REJEITADO call=a reason=declined", SignalingReason.Declined)]
    [InlineData("REJEITADO call=a reason=unavailable", SignalingReason.Unavailable)]
    [InlineData("ENCERRAR call=a reason=hangup", SignalingReason.Hangup)]
    [InlineData("ENCERRAR call=a reason=cancel", SignalingReason.Cancel)]
    [InlineData("ENCERRAR reason=timeout call=a", SignalingReason.Timeout)]
    [InlineData("REJEITADO call=a reason=unencrypted", SignalingReason.Unencrypted)]
    public void Reasons_AreReadForTheirKinds(string text, SignalingReason reason) =>
        Assert.Equal(reason, Parse(text).Reason);

    [Fact]
    public void HangupAck_IsRead()
    {
        var message = Parse("ENCERRAR ack=1 call=abc reason=hangup");
        Assert.True(message.IsAck);
        Assert.Equal(SignalingReason.Hangup, message.Reason);
    }

    [Fact]
    public void UnknownFields_AreKept_WithEqualsSignsInTheirValues()
    {
        var message = Parse("ACEITO call=abc key-share=AAEC== x.y=1");
        Assert.Equal("AAEC==", message.OtherFields["key-share"]);
        Assert.Equal("1", message.OtherFields["x.y"]);
    }

    [Fact]
    public void LongestCallId_IsAccepted() => Assert.Equal(32, Parse("CALLBACK call=" + new string('z', 32)).CallId.Length);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\n", "empty")]
    [InlineData("    ", "empty")]
    [InlineData("convite alice 1.2.3.4 5000 call=a", "unknown word")]
    [InlineData("Aceito call=a", "unknown word")]
    [InlineData("HELLO call=a", "unknown word")]
    [InlineData("CONVITE alice 1.2.3.4 5000", "missing call")]
    [InlineData("CONVITE alice 1.2.3.4 call=abc", "port")]
    [InlineData("CONVITE alice 1.2.3.4", "usage")]
    [InlineData("CONVITE al ice 1.2.3.4 5000 call=a", "ip")]
    [InlineData("CONVITE alice 1.2.3 5000 call=a", "ip")]
    [InlineData("CONVITE alice 1 5000 call=a", "ip")]
    [InlineData("CONVITE alice localhost 5000 call=a", "ip")]
    [InlineData("CONVITE alice 1.2.3.4 0 call=a", "port")]
    [InlineData("CONVITE alice 1.2.3.4 65536 call=a", "port")]
    [InlineData("CONVITE alice 1.2.3.4 +500 call=a", "port")]
    [InlineData("CONVITE a/b 1.2.3.4 5000 call=a", "name")]
    [InlineData("CONVITE alice 1.2.3.4 5000 call=a bob", "key=value")]
    [InlineData("ACEITO", "missing call")]
    [InlineData("ACEITO call=", "key=value")]
    [InlineData("ACEITO call=ab-c", "call id")]
    [InlineData("ACEITO call=abcdefghijabcdefghijabcdefghijabc", "call id")]
    [InlineData("ACEITO call=a call=b", "twice")]
    [InlineData("ACEITO call=a codec=g711", "codec")]
    [InlineData("ACEITO call=a codec=OPUS", "codec")]
    [InlineData("ACEITO call=a codec=opus codec=opus", "codec")]
    [InlineData("ACEITO call=a ptime=30", "ptime")]
    [InlineData("ACEITO call=a ptime=020", "ptime")]
    [InlineData("ACEITO call=a ptime=20ms", "ptime")]
    [InlineData("ACEITO call=a ptime=20 ptime=20", "ptime")]
    [InlineData("CALLBACK call=a ptime=20", "ptime")]
    [InlineData("ACEITO call=a reason=busy", "reason")]
    [InlineData("REJEITADO call=a reason=bogus", "reason")]
    [InlineData("REJEITADO call=a reason=hangup", "reason")]
    [InlineData("REJEITADO call=a reason=busy reason=busy", "reason")]
    [InlineData("ENCERRAR call=a reason=busy", "reason")]
    [InlineData("ENCERRAR call=a ack=0", "ack")]
    [InlineData("ENCERRAR call=a ack=1 ack=1", "ack")]
    [InlineData("CALLBACK call=a ack=1", "ack")]
    [InlineData("CALLBACK call=a codec=opus", "codec")]
    [InlineData("CALLBACK call=a =v", "key=value")]
    [InlineData("CALLBACK call=a k=", "key=value")]
    [InlineData("CALLBACK call=a k=v k=w", "twice")]
    [InlineData("CALLBACK\tcall=a", "unknown word")]
    [InlineData("CALLBACK call=a\tk=v", "key=value")]
    [InlineData("CALLBACK call=a k=\u0001", "key=value")]
    [InlineData("CALLBACK call=a k=é", "key=value")]
    [InlineData("CALLBACK call=a\n\n", "key=value")]
    [InlineData("CALLBACK call=a\r", "key=value")]
    public void InvalidDatagrams_AreRefusedWithAReason(string text, string because)
    {
        Assert.False(SignalingMessage.TryParse(Encoding.UTF8.GetBytes(text), out var message, out var error));
        Assert.Null(message);
        Assert.Contains(because, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void InvalidUtf8_IsRefused()
    {
        byte[] datagram = [.. "CONVITE "u8, 0xC3, 0x28, .. " 1.2.3.4 5 call=a"u8];
        Assert.False(SignalingMessage.TryParse(datagram, out _, out var error));
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void DatagramOfMaxBytes_IsAccepted_AndOneMoreIsRefused()
    {
        var head = "CALLBACK call=a x=";
        var fits = head + new string('v', SignalingMessage.MaxBytes - head.Length);
        Assert.True(SignalingMessage.TryParse(Encoding.ASCII.GetBytes(fits), out _, out _));
        Assert.False(SignalingMessage.TryParse(Encoding.ASCII.GetBytes(fits + "v"), out _, out var error));
        Assert.Contains("longer", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyFields_AreRefusedWithoutScanningThemAll()
    {
        var text = "CALLBACK call=a" + string.Concat(Enumerable.Range(0, 30).Select(i => $" k{i}=v"));
        Assert.False(SignalingMessage.TryParse(Encoding.ASCII.GetBytes(text), out _, out var error));
        Assert.Contains("words", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_24_words_are_accepted_and_25_are_refused()
    {
        // CALLBACK, call= and 22 more fields are 24 words.
        var fields = string.Concat(Enumerable.Range(0, 22).Select(i => $" k{i}=v"));
        Assert.Equal(22, Parse("CALLBACK call=a" + fields).OtherFields.Count);
        Assert.False(SignalingMessage.TryParse(Encoding.ASCII.GetBytes("CALLBACK call=a" + fields + " k22=v"), out _, out var error));
        Assert.Contains("words", error, StringComparison.Ordinal);
    }

    private static SignalingMessage Parse(string text)
    {
        Assert.True(SignalingMessage.TryParse(Encoding.UTF8.GetBytes(text), out var message, out var error), error);
        return message;
    }
}
