using System.Collections.ObjectModel;
using System.Net;
using System.Text;
using Sala.Protocol.Identity;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Identity;

/// <summary>Signaling signed by an identity key: verified in its context, through the wire, and nothing else.</summary>
public sealed class SignedSignalingTests
{
    private static readonly byte[] ForBob = Encoding.UTF8.GetBytes("bob");

    private static SignalingMessage Offer() =>
        SignalingMessage.Invite("c0ffee", "alice", new IPEndPoint(IPAddress.Parse("192.168.1.20"), 5000), CallCodec.Opus);

    [Fact]
    public void A_signed_message_verifies_after_the_wire_and_names_its_signer()
    {
        using var alice = IdentityKey.Create();

        var signed = SignedSignaling.Sign(Offer(), alice, ForBob);
        Assert.True(SignalingMessage.TryParse(signed.ToBytes(), out var received, out _));

        Assert.Equal(SignatureCheck.Valid, SignedSignaling.Verify(received, ForBob, out var signer));
        Assert.Equal(alice.Fingerprint, signer);
    }

    [Fact]
    public void In_another_context_the_signature_does_not_hold()
    {
        using var alice = IdentityKey.Create();

        var signed = SignedSignaling.Sign(Offer(), alice, ForBob);

        Assert.Equal(SignatureCheck.Invalid, SignedSignaling.Verify(signed, Encoding.UTF8.GetBytes("carol"), out var signer));
        Assert.Null(signer);
    }

    [Theory]
    [InlineData("port")]
    [InlineData("call")]
    [InlineData("field")]
    [InlineData("key")]
    public void Any_change_to_the_signed_message_breaks_it(string change)
    {
        using var alice = IdentityKey.Create();
        var signed = SignedSignaling.Sign(Offer() with { OtherFields = Fields(("key", "share")) }, alice, ForBob);

        var changed = change switch
        {
            "port" => signed with { Port = 5001 },
            "call" => signed with { CallId = "c0ffef" },
            "field" => signed with { OtherFields = Fields([.. signed.OtherFields.Select(f => (f.Key, f.Value)), ("extra", "1")]) },
            _ => signed with { OtherFields = Fields([.. signed.OtherFields.Select(f => (f.Key, f.Key == "key" ? "other" : f.Value))]) },
        };

        Assert.Equal(SignatureCheck.Invalid, SignedSignaling.Verify(changed, ForBob, out _));
    }

    [Fact]
    public void Another_key_in_place_of_the_signer_is_invalid_not_a_new_signer()
    {
        using var alice = IdentityKey.Create();
        using var mallory = IdentityKey.Create();
        var signed = SignedSignaling.Sign(Offer(), alice, ForBob);
        var malloryKey = SignedSignaling.Sign(Offer(), mallory, ForBob).OtherFields[SecurityFields.Identity];

        var swapped = signed with
        {
            OtherFields = Fields([.. signed.OtherFields.Select(f => (f.Key, f.Key == SecurityFields.Identity ? malloryKey : f.Value))]),
        };

        Assert.Equal(SignatureCheck.Invalid, SignedSignaling.Verify(swapped, ForBob, out _));
    }

    [Theory]
    [InlineData(null, null, SignatureCheck.NoIdentity)]
    [InlineData("AAAA", null, SignatureCheck.Invalid)]
    [InlineData(null, "AAAA", SignatureCheck.Invalid)]
    [InlineData("not-a-key", "AAAA", SignatureCheck.Invalid)]
    [InlineData("AAAA", "!!", SignatureCheck.Invalid)]
    public void Missing_or_garbled_identity_fields(string? id, string? signature, SignatureCheck expected)
    {
        var fields = new List<(string, string)>();
        if (id is not null)
            fields.Add((SecurityFields.Identity, id));
        if (signature is not null)
            fields.Add((SecurityFields.IdentitySignature, signature));

        Assert.Equal(expected, SignedSignaling.Verify(Offer() with { OtherFields = Fields([.. fields]) }, ForBob, out _));
    }

    private static ReadOnlyDictionary<string, string> Fields(params (string Key, string Value)[] fields) =>
        new(fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal));
}
