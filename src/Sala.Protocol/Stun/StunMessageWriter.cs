using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Sala.Protocol.Stun;

/// <summary>
/// Builds one STUN message: header, then attributes in order, then MESSAGE-INTEGRITY and FINGERPRINT last
/// (RFC 8489 §14.5, §14.7). For Sala's own messages: a value that does not fit throws.
/// </summary>
public sealed class StunMessageWriter
{
    private readonly byte[] _buffer = new byte[StunMessage.MaxBytes];
    private int _length;

    public StunMessageWriter(StunMethod method, StunClass @class, StunTransactionId transactionId)
    {
        var m = (int)method;
        var c = (int)@class;
        var type = ((m & 0xF80) << 2) | ((m & 0x070) << 1) | (m & 0x00F) | ((c & 0x2) << 7) | ((c & 0x1) << 4);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer, (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(4), StunMessage.MagicCookie);
        transactionId.Write(_buffer.AsSpan(8));
        _length = StunMessage.HeaderSize;
        TransactionId = transactionId;
    }

    public StunTransactionId TransactionId { get; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public StunMessageWriter Add(ushort type, ReadOnlySpan<byte> value)
    {
        var padded = (value.Length + 3) & ~3;
        if (value.Length > ushort.MaxValue || _length + 4 + padded > _buffer.Length)
            throw new InvalidOperationException($"A STUN message is at most {StunMessage.MaxBytes} bytes.");
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length + 2), (ushort)value.Length);
        value.CopyTo(_buffer.AsSpan(_length + 4));
        _buffer.AsSpan(_length + 4 + value.Length, padded - value.Length).Clear();
        _length += 4 + padded;
        SetLengthField(_length);
        return this;
    }

    public StunMessageWriter AddString(ushort type, string value) => Add(type, Encoding.UTF8.GetBytes(value));

    public StunMessageWriter AddFlag(ushort type) => Add(type, []);

    public StunMessageWriter AddUInt32(ushort type, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return Add(type, bytes);
    }

    public StunMessageWriter AddUInt64(ushort type, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return Add(type, bytes);
    }

    public StunMessageWriter AddXorAddress(ushort type, IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[20];
        var written = StunAddress.WriteXor(endPoint, _buffer.AsSpan(4, 16), bytes);
        return Add(type, bytes[..written]);
    }

    public StunMessageWriter AddError(int code, string reason)
    {
        var phrase = Encoding.UTF8.GetBytes(reason);
        var bytes = new byte[4 + phrase.Length];
        bytes[2] = (byte)(code / 100);
        bytes[3] = (byte)(code % 100);
        phrase.CopyTo(bytes, 4);
        return Add(StunAttributeType.ErrorCode, bytes);
    }

    public StunMessageWriter AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        Span<byte> hmac = stackalloc byte[20];
        StunMessage.ComputeIntegrity(Written, key, hmac);
        return Add(StunAttributeType.MessageIntegrity, hmac);
    }

    public StunMessageWriter AddFingerprint()
    {
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, StunMessage.Fingerprint(Written, _length + 8));
        return Add(StunAttributeType.Fingerprint, crc);
    }

    public byte[] ToArray() => Written.ToArray();

    private void SetLengthField(int length) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), (ushort)(length - StunMessage.HeaderSize));
}
