using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Security;

/// <summary>
/// What both sides agree the call is: its id, both names and both key shares. Hashed into the key derivation, so a
/// change to any of them (a relay substituting keys, a name swapped) gives other keys and another short string.
/// </summary>
public sealed record CallTranscript(string CallId, string CallerName, string CalleeName, string CallerShare, string CalleeShare)
{
    private const string Label = "sala call v1";

    public byte[] Hash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in new[] { Label, CallId, UserName.Key(CallerName), UserName.Key(CalleeName), CallerShare, CalleeShare })
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            // Length-prefixed, so no two different transcripts are written as the same bytes.
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return hash.GetHashAndReset();
    }
}
