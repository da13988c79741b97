using System.Net;
using System.Text;
using Sala.Protocol.Identity;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Signaling;

public sealed class SignalingFormatTests
{
    public static TheoryData<SignalingMessage, string> Wire => new()
    {
        {
            SignalingMessage.Invite("c1", "alice", new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000)),
            "CONVITE alice 10.0.0.1 5000 call=c1"
        },
        {
            SignalingMessage.Invite("c1", "João", new IPEndPoint(IPAddress.IPv6Loopback, 9), CallCodec.Pcm),
            "CONVITE João ::1 9 call=c1 codec=pcm"
        },
        { SignalingMessage.Accept("c1"), "ACEITO call=c1" },
        { SignalingMessage.Accept("c1", CallCodec.Opus), "ACEITO call=c1 codec=opus" },
        { SignalingMessage.Reject("c1"), "REJEITADO call=c1" },
        { SignalingMessage.Reject("c1", SignalingReason.Busy), "REJEITADO call=c1 reason=busy" },
        { SignalingMessage.Callback("c1"), "CALLBACK call=c1" },
        { SignalingMessage.Hangup("c1", SignalingReason.Cancel), "ENCERRAR call=c1 reason=cancel" },
        { SignalingMessage.HangupAck("c1"), "ENCERRAR call=c1 ack=1" },
    };

    [Theory]
    [MemberData(nameof(Wire))]
    public void Factories_WriteTheDocumentedWireForm(SignalingMessage message, string text)
    {
        Assert.Equal(text, Encoding.UTF8.GetString(message.ToBytes()));
        Assert.Equal(text, message.ToString());
        Assert.True(SignalingMessage.TryParse(message.ToBytes(), out var parsed, out _));
        Assert.Equal(message, parsed);
    }

    [Fact]
    public void The_longest_signed_hybrid_invitation_and_its_answer_fit_in_one_signaling_datagram()
    {
        using var exchange = new CallKeyExchange();
        using var identity = IdentityKey.Create();
        var pair = new MlKemKeyPair();
        Assert.True(MlKem768.TryEncapsulate(pair.EncapsulationKey, out var ciphertext, out _));
        // 32 letters of four UTF-8 bytes each (CJK extension B), the longest IPv6 literal, the longest call id.
        var name = string.Concat(Enumerable.Repeat("\U00020000", 32));
        var at = new IPEndPoint(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 65535);
        var callId = new string('C', 32);
        var invite = SignalingMessage.Invite(callId, name, at, CallCodec.Opus, 60) with
        {
            OtherFields = new Dictionary<string, string> { [SecurityFields.Key] = exchange.PublicShare, [SecurityFields.PostQuantum] = pair.EncapsulationKey },
        };
        var accept = SignalingMessage.Accept(callId, CallCodec.Opus, 60) with
        {
            OtherFields = new Dictionary<string, string> { [SecurityFields.Key] = exchange.PublicShare, [SecurityFields.PostQuantum] = ciphertext },
        };

        // Signed by an identity, as a user with one sends them (the contexts do not change the length).
        foreach (var message in new[] { SignedSignaling.Sign(invite, identity, []), SignedSignaling.Sign(accept, identity, new byte[32]) })
        {
            var bytes = message.ToBytes();
            Assert.InRange(bytes.Length, 1500, SignalingMessage.MaxBytes);
            Assert.True(SignalingMessage.TryParse(bytes, out var parsed, out var error), error);
            Assert.Equal(message, parsed);
        }
    }

    [Fact]
    public void Invite_WritesAnIpv4MappedAddressAsTheDottedQuad()
    {
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 4000);
        Assert.Equal("CONVITE bob 192.0.2.7 4000 call=x", SignalingMessage.Invite("x", "bob", mapped).ToString());
    }

    [Fact]
    public void OtherFields_AreWrittenSortedAfterTheKnownOnes()
    {
        var message = SignalingMessage.Callback("c") with
        {
            OtherFields = new Dictionary<string, string> { ["z"] = "1", ["a"] = "k=v" },
        };
        Assert.Equal("CALLBACK call=c a=k=v z=1", message.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-b")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc")]
    public void Factories_RefuseABadCallId(string callId) =>
        Assert.Throws<ArgumentException>(() => SignalingMessage.Callback(callId));

    [Fact]
    public void Factories_RefuseABadNameOrAReasonOfTheOtherKind()
    {
        Assert.Throws<ArgumentException>(() => SignalingMessage.Invite("c", "a b", new IPEndPoint(IPAddress.Loopback, 1)));
        Assert.Throws<ArgumentException>(() => SignalingMessage.Reject("c", SignalingReason.Hangup));
        Assert.Throws<ArgumentException>(() => SignalingMessage.Hangup("c", SignalingReason.Busy));
    }

    [Fact]
    public void MessagesTheParserWouldRefuse_AreNotWritten()
    {
        var bad = new[]
        {
            SignalingMessage.Accept("c") with { Reason = SignalingReason.Busy },
            SignalingMessage.Callback("c") with { Codec = CallCodec.Opus },
            SignalingMessage.Accept("c") with { IsAck = true },
            SignalingMessage.Accept("c") with { Port = 5 },
            SignalingMessage.Accept("c") with { CallId = "no way" },
            SignalingMessage.Invite("c", "a", new IPEndPoint(IPAddress.Loopback, 1)) with { Address = null },
            SignalingMessage.Invite("c", "a", new IPEndPoint(IPAddress.Loopback, 1)) with { Name = "Joa\u0303o" },
            SignalingMessage.Callback("c") with { OtherFields = Fields("call", "d") },
            SignalingMessage.Callback("c") with { OtherFields = Fields("a=b", "d") },
            SignalingMessage.Callback("c") with { OtherFields = Fields("a", "d e") },
            SignalingMessage.Callback("c") with { OtherFields = Fields("a b", "d") },
            SignalingMessage.Callback("c") with { OtherFields = Fields("a\u0001", "d") },
            SignalingMessage.Callback("c") with { OtherFields = Fields("", "d") },
            SignalingMessage.Callback("c") with { OtherFields = Fields("a", "") },
            SignalingMessage.Callback("c") with { OtherFields = Fields("a", new string('v', SignalingMessage.MaxBytes)) },
        };
        foreach (var message in bad)
        {
            Assert.False(message.TryFormat(new byte[2 * SignalingMessage.MaxBytes], out _), message.ToString());
            Assert.Throws<InvalidOperationException>(message.ToBytes);
        }
    }

    [Fact]
    public void TryFormat_ReportsADestinationTooSmall()
    {
        var message = SignalingMessage.Hangup("c1", SignalingReason.Hangup);
        var length = message.ToBytes().Length;
        Assert.False(message.TryFormat(new byte[length - 1], out _));
        Assert.True(message.TryFormat(new byte[length], out var written));
        Assert.Equal(length, written);
    }

    [Fact]
    public void Equality_ComparesOtherFieldsByContent()
    {
        var a = SignalingMessage.Callback("c") with { OtherFields = Fields("k", "v") };
        var b = SignalingMessage.Callback("c") with { OtherFields = Fields("k", "v") };
        var c = SignalingMessage.Callback("c") with { OtherFields = Fields("k", "w") };
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, SignalingMessage.Callback("c"));
    }

    private static Dictionary<string, string> Fields(string key, string value) => new() { [key] = value };

    [Fact]
    public void CallIdNewRandom_IsAValidId()
    {
        var id = CallId.NewRandom();
        Assert.True(CallId.IsValid(id));
        Assert.NotEqual(id, CallId.NewRandom());
    }
}
