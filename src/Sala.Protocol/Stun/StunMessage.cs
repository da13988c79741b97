using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Sala.Protocol.Stun;

/// <summary>
/// A parsed STUN message (RFC 8489 §5, §14): header, attributes, and the checks of MESSAGE-INTEGRITY and
/// FINGERPRINT. Parsing is total: any bytes give a message or a reason, never an exception. A FINGERPRINT that
/// does not match makes the datagram "not STUN" (§14.7); MESSAGE-INTEGRITY is checked by whoever knows the key.
/// </summary>
public sealed partial class StunMessage
{
    public const int HeaderSize = 20;
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Larger than any message Sala sends or relays (a PCM frame in a TURN Data indication).</summary>
    public const int MaxBytes = 4096;

    /// <summary>More attributes than any message Sala understands has; more is an attack, not a peer.</summary>
    private const int MaxAttributes = 32;

    private const uint FingerprintXor = 0x5354554E;
    private const int IntegritySize = 20;

    private readonly byte[] _bytes;
    private readonly AttributeSpan[] _attributes;
    private readonly int _integrityAt;

    private StunMessage(byte[] bytes, StunMethod method, StunClass @class, AttributeSpan[] attributes, int integrityAt)
    {
        _bytes = bytes;
        Method = method;
        Class = @class;
        TransactionId = StunTransactionId.Read(bytes.AsSpan(8));
        _attributes = attributes;
        _integrityAt = integrityAt;
    }

    public StunMethod Method { get; }

    public StunClass Class { get; }

    public StunTransactionId TransactionId { get; }

    /// <summary>True when MESSAGE-INTEGRITY is present (check it with <see cref="VerifyIntegrity"/>).</summary>
    public bool HasIntegrity => _integrityAt >= 0;

    /// <summary>
    /// The quick test RFC 7983 allows on a shared port: the first byte 0-3 and the magic cookie. Cheap, so it can run on
    /// every datagram before anything else.
    /// </summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderSize && datagram[0] <= 3 && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    public static bool TryParse(
        ReadOnlySpan<byte> datagram,
        [NotNullWhen(true)] out StunMessage? message,
        [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (datagram.Length > MaxBytes)
            return Fail($"longer than {MaxBytes} bytes", out error);
        if (!LooksLikeStun(datagram))
            return Fail("not a STUN message (first bits or magic cookie)", out error);
        var type = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (length % 4 != 0 || HeaderSize + length != datagram.Length)
            return Fail("the length field does not match the datagram", out error);

        var attributes = new List<AttributeSpan>();
        var integrityAt = -1;
        var offset = HeaderSize;
        while (offset < datagram.Length)
        {
            if (datagram.Length - offset < 4)
                return Fail("a truncated attribute header", out error);
            var attributeType = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            var attributeLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            var padded = (attributeLength + 3) & ~3;
            if (padded > datagram.Length - offset - 4)
                return Fail("an attribute runs past the end", out error);
            if (attributes.Count == MaxAttributes)
                return Fail($"more than {MaxAttributes} attributes", out error);
            if (attributeType == StunAttributeType.Fingerprint)
            {
                if (attributeLength != 4 || offset + 8 != datagram.Length)
                    return Fail("FINGERPRINT must be the last attribute, 4 bytes long", out error);
                if (BinaryPrimitives.ReadUInt32BigEndian(datagram[(offset + 4)..]) != Fingerprint(datagram[..offset], datagram.Length))
                    return Fail("FINGERPRINT does not match", out error);
            }
            else if (integrityAt >= 0)
            {
                // RFC 8489 §14.5: anything after MESSAGE-INTEGRITY but FINGERPRINT is ignored; it is not covered.
                offset += 4 + padded;
                continue;
            }
            if (attributeType == StunAttributeType.MessageIntegrity)
            {
                if (attributeLength != IntegritySize)
                    return Fail("MESSAGE-INTEGRITY must be 20 bytes", out error);
                integrityAt = offset;
            }
            attributes.Add(new AttributeSpan(attributeType, offset + 4, attributeLength));
            offset += 4 + padded;
        }

        var method = (StunMethod)(((type & 0x3E00) >> 2) | ((type & 0x00E0) >> 1) | (type & 0x000F));
        var @class = (StunClass)(((type & 0x0100) >> 7) | ((type & 0x0010) >> 4));
        message = new StunMessage(datagram.ToArray(), method, @class, [.. attributes], integrityAt);
        error = null;
        return true;
    }

    /// <summary>The message as received.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public bool Has(ushort type) => Find(type) >= 0;

    public bool TryGetValue(ushort type, out ReadOnlySpan<byte> value)
    {
        var index = Find(type);
        if (index < 0)
        {
            value = default;
            return false;
        }
        var attribute = _attributes[index];
        value = _bytes.AsSpan(attribute.Offset, attribute.Length);
        return true;
    }

    /// <summary>A UTF-8 attribute (USERNAME, REALM, NONCE, SOFTWARE); null when absent or not UTF-8.</summary>
    public string? GetString(ushort type)
    {
        if (!TryGetValue(type, out var value))
            return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public bool TryGetUInt32(ushort type, out uint value)
    {
        value = 0;
        if (!TryGetValue(type, out var bytes) || bytes.Length != 4)
            return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    public bool TryGetUInt64(ushort type, out ulong value)
    {
        value = 0;
        if (!TryGetValue(type, out var bytes) || bytes.Length != 8)
            return false;
        value = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return true;
    }

    /// <summary>An XOR-MAPPED/PEER/RELAYED-ADDRESS (RFC 8489 §14.2); false when absent or malformed.</summary>
    public bool TryGetXorAddress(ushort type, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetValue(type, out var value) && StunAddress.TryReadXor(value, _bytes.AsSpan(4, 16), out endPoint);
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): the code (300-699) and its reason phrase.</summary>
    public bool TryGetError(out int code, out string reason)
    {
        code = 0;
        reason = "";
        if (!TryGetValue(StunAttributeType.ErrorCode, out var value) || value.Length < 4)
            return false;
        var @class = value[2] & 0x07;
        var number = value[3];
        if (@class is < 3 or > 6 || number > 99)
            return false;
        code = @class * 100 + number;
        reason = Encoding.UTF8.GetString(value[4..]);
        return true;
    }

    /// <summary>Comprehension-required attributes this side does not know (RFC 8489 §7.3.1: a request gets 420).</summary>
    public IReadOnlyList<ushort> UnknownRequiredAttributes(ReadOnlySpan<ushort> known)
    {
        List<ushort>? unknown = null;
        foreach (var attribute in _attributes)
        {
            if (StunAttributeType.IsComprehensionRequired(attribute.Type) && !known.Contains(attribute.Type))
                (unknown ??= []).Add(attribute.Type);
        }
        return unknown ?? [];
    }

    /// <summary>
    /// True when MESSAGE-INTEGRITY is present and is the HMAC-SHA1 under <paramref name="key"/> of the message up
    /// to it, with the length field as if it ended there (RFC 8489 §14.5). Compared in constant time.
    /// </summary>
    public bool VerifyIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityAt < 0)
            return false;
        Span<byte> expected = stackalloc byte[IntegritySize];
        ComputeIntegrity(_bytes.AsSpan(0, _integrityAt), key, expected);
        return CryptographicOperations.FixedTimeEquals(expected, _bytes.AsSpan(_integrityAt + 4, IntegritySize));
    }

    /// <summary>HMAC-SHA1 of <paramref name="upToAttribute"/> with its length field counting the 24-byte attribute.</summary>
    internal static void ComputeIntegrity(ReadOnlySpan<byte> upToAttribute, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        upToAttribute[..HeaderSize].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(upToAttribute.Length - HeaderSize + 4 + IntegritySize));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
        hmac.AppendData(header);
        hmac.AppendData(upToAttribute[HeaderSize..]);
        hmac.GetHashAndReset(destination);
    }

    /// <summary>CRC-32 of the message up to FINGERPRINT, its length field counting the whole message, XOR 0x5354554E.</summary>
    internal static uint Fingerprint(ReadOnlySpan<byte> upToAttribute, int totalLength)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        upToAttribute[..HeaderSize].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(totalLength - HeaderSize));
        var crc = new Crc32();
        crc.Append(header);
        crc.Append(upToAttribute[HeaderSize..]);
        return crc.GetCurrentHashAsUInt32() ^ FingerprintXor;
    }

    private int Find(ushort type)
    {
        for (var i = 0; i < _attributes.Length; i++)
        {
            if (_attributes[i].Type == type)
                return i;
        }
        return -1;
    }

    private static bool Fail(string why, out string error)
    {
        error = why;
        return false;
    }

    private readonly record struct AttributeSpan(ushort Type, int Offset, int Length);
}
