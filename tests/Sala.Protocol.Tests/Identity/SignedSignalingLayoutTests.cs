using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.ObjectModel;
using System.Net;
using System.Text;
using Sala.Protocol.Identity;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Identity;

/// <summary>
/// The bytes an identity signature covers, spelled out here apart from the code that builds them: the label
/// "sala signed signaling v1", the context's length as a 32-bit big-endian integer, the context, then the message as
/// formatted with <c>id=</c> and without <c>idsig=</c>. Another client must build the same bytes to interoperate, and a
/// sign/verify round trip alone cannot notice if both sides drop a part of them alike.
/// </summary>
public sealed class SignedSignalingLayoutTests
{
    private static readonly byte[] ForBob = Encoding.UTF8.GetBytes("bob");

    private static SignalingMessage Offer() =>
        SignalingMessage.Invite("c0ffee", "alice", new IPEndPoint(IPAddress.Parse("192.168.1.20"), 5000), CallCodec.Opus);

    private static byte[] SpelledOut(SignalingMessage withIdentity, ReadOnlySpan<byte> context)
    {
        var label = "sala signed signaling v1"u8;
        var body = withIdentity.ToBytes();
        var bytes = new byte[label.Length + 4 + context.Length + body.Length];
        label.CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(label.Length, 4), context.Length);
        context.CopyTo(bytes.AsSpan(label.Length + 4));
        body.CopyTo(bytes.AsSpan(label.Length + 4 + context.Length));
        return bytes;
    }

    private static SignalingMessage WithField(SignalingMessage message, string key, string value) =>
        message with
        {
            OtherFields = new ReadOnlyDictionary<string, string>(
                new Dictionary<string, string>(message.OtherFields, StringComparer.Ordinal) { [key] = value }),
        };

    [Fact]
    public void What_Sign_signs_is_the_label_the_length_prefixed_context_and_the_message_with_its_identity()
    {
        using var alice = IdentityKey.Create();

        var signed = SignedSignaling.Sign(Offer(), alice, ForBob);

        var withIdentity = WithField(Offer(), SecurityFields.Identity, Base64Url.EncodeToString(alice.PublicKey));
        var signature = Base64Url.DecodeFromChars(signed.OtherFields[SecurityFields.IdentitySignature]);
        Assert.Equal(Base64Url.EncodeToString(alice.PublicKey), signed.OtherFields[SecurityFields.Identity]);
        Assert.True(IdentityKey.Verify(alice.PublicKey, SpelledOut(withIdentity, ForBob), signature));
    }

    [Fact]
    public void A_signature_made_over_the_spelled_out_bytes_is_valid_for_Verify()
    {
        using var alice = IdentityKey.Create();
        var withIdentity = WithField(Offer(), SecurityFields.Identity, Base64Url.EncodeToString(alice.PublicKey));
        var signature = alice.Sign(SpelledOut(withIdentity, ForBob));

        var signed = WithField(withIdentity, SecurityFields.IdentitySignature, Base64Url.EncodeToString(signature));

        Assert.Equal(SignatureCheck.Valid, SignedSignaling.Verify(signed, ForBob, out var signer));
        Assert.Equal(alice.Fingerprint, signer);
    }

    [Fact]
    public void A_context_of_the_same_length_but_other_bytes_does_not_hold()
    {
        using var alice = IdentityKey.Create();

        var signed = SignedSignaling.Sign(Offer(), alice, ForBob);

        Assert.Equal(SignatureCheck.Invalid, SignedSignaling.Verify(signed, Encoding.UTF8.GetBytes("rob"), out _));
    }

    [Fact]
    public void A_signature_without_its_key_is_invalid_not_missing()
    {
        using var alice = IdentityKey.Create();
        var signed = SignedSignaling.Sign(Offer(), alice, ForBob);
        var fields = signed.OtherFields.Where(f => f.Key != SecurityFields.Identity).ToDictionary(StringComparer.Ordinal);

        var keyless = signed with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };

        Assert.Equal(SignatureCheck.Invalid, SignedSignaling.Verify(keyless, ForBob, out var signer));
        Assert.Null(signer);
    }
}
