using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.ObjectModel;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Identity;

/// <summary>
/// Signaling signed by a user's identity key (issue 16): <c>id=</c> carries the public key and <c>idsig=</c> its
/// ECDSA signature over a label, a context the receiver knows on its own, and the message as formatted without
/// <c>idsig=</c> (the formatter's output is canonical, fields sorted, as for <see cref="ControlTag"/>). The context
/// binds the message to the call it belongs to: for CONVITE the callee's name (an offer cannot be replayed to someone
/// else), for ACEITO the call's transcript hash (both key shares and names), for REJEITADO and cancel nothing more
/// than their call id.
/// </summary>
public static class SignedSignaling
{
    private static readonly byte[] Label = "sala signed signaling v1"u8.ToArray();

    /// <summary><paramref name="message"/> with <paramref name="key"/>'s public key and signature added.</summary>
    public static SignalingMessage Sign(SignalingMessage message, IdentityKey key, ReadOnlySpan<byte> context)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(key);
        var unsigned = With(message, SecurityFields.Identity, Base64Url.EncodeToString(key.PublicKey), without: SecurityFields.IdentitySignature);
        var signature = key.Sign(SignedBytes(unsigned, context));
        return With(unsigned, SecurityFields.IdentitySignature, Base64Url.EncodeToString(signature), without: null);
    }

    /// <summary>
    /// Checks the identity on <paramref name="message"/> against <paramref name="context"/>; the signer's fingerprint
    /// when <see cref="SignatureCheck.Valid"/>.
    /// </summary>
    public static SignatureCheck Verify(SignalingMessage message, ReadOnlySpan<byte> context, out IdentityFingerprint? signer)
    {
        ArgumentNullException.ThrowIfNull(message);
        signer = null;
        var hasKey = message.OtherFields.TryGetValue(SecurityFields.Identity, out var keyText);
        var hasSignature = message.OtherFields.TryGetValue(SecurityFields.IdentitySignature, out var signatureText);
        if (!hasKey && !hasSignature)
            return SignatureCheck.NoIdentity;
        if (!hasKey || !hasSignature || !TryDecode(keyText!, out var publicKey) || !TryDecode(signatureText!, out var signature))
            return SignatureCheck.Invalid;
        var unsigned = With(message, null, null, without: SecurityFields.IdentitySignature);
        if (!IdentityKey.Verify(publicKey, SignedBytes(unsigned, context), signature))
            return SignatureCheck.Invalid;
        signer = IdentityFingerprint.Of(publicKey);
        return SignatureCheck.Valid;
    }

    private static byte[] SignedBytes(SignalingMessage unsigned, ReadOnlySpan<byte> context)
    {
        var body = unsigned.ToBytes();
        var bytes = new byte[Label.Length + 4 + context.Length + body.Length];
        Label.CopyTo(bytes, 0);
        // Length-prefixed, so no context and body can pass for another split of the same bytes.
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(Label.Length), context.Length);
        context.CopyTo(bytes.AsSpan(Label.Length + 4));
        body.CopyTo(bytes, Label.Length + 4 + context.Length);
        return bytes;
    }

    private static SignalingMessage With(SignalingMessage message, string? field, string? value, string? without)
    {
        var fields = new Dictionary<string, string>(message.OtherFields, StringComparer.Ordinal);
        if (without is not null)
            fields.Remove(without);
        if (field is not null)
            fields[field] = value!;
        return message with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(text, out var length) || length > 256)
            return false;
        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(text, bytes, out var written) && written == length;
    }
}
