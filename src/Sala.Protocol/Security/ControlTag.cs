using System.Buffers.Text;
using System.Collections.ObjectModel;
using System.Security.Cryptography;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Security;

/// <summary>
/// Authenticates call control once keys are agreed: <c>tag=</c> is the first 16 bytes of HMAC-SHA256 over the
/// message as formatted without its tag (the formatter's output is canonical: fields sorted), under the sender's
/// control key. Without the key nobody can hang up or redirect the call.
/// </summary>
public static class ControlTag
{
    private const int TagBytes = 16;

    public static SignalingMessage Sign(SignalingMessage message, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(message);
        var untagged = WithoutTag(message);
        var fields = new Dictionary<string, string>(untagged.OtherFields, StringComparer.Ordinal)
        {
            [SecurityFields.Tag] = Compute(untagged, key),
        };
        return untagged with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };
    }

    public static bool Verify(SignalingMessage message, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.OtherFields.TryGetValue(SecurityFields.Tag, out var tag))
            return false;
        var expected = Compute(WithoutTag(message), key);
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(tag), System.Text.Encoding.ASCII.GetBytes(expected));
    }

    private static string Compute(SignalingMessage untagged, ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, untagged.ToBytes(), mac);
        return Base64Url.EncodeToString(mac[..TagBytes]);
    }

    private static SignalingMessage WithoutTag(SignalingMessage message)
    {
        if (!message.OtherFields.ContainsKey(SecurityFields.Tag))
            return message;
        var fields = message.OtherFields.Where(f => f.Key != SecurityFields.Tag).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        return message with { OtherFields = new ReadOnlyDictionary<string, string>(fields) };
    }
}
