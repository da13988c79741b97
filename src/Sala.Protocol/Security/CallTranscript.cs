using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sala.Protocol.Security;

/// <summary>
/// What both sides agree the call is: its id, both names and both key shares, and in a hybrid call the caller's
/// ML-KEM encapsulation key and the callee's ciphertext. Hashed into the key derivation, so a change to any of them
/// (a relay substituting keys, a name swapped) gives other keys and another short string.
/// </summary>
public sealed record CallTranscript(
    string CallId,
    string CallerName,
    string CalleeName,
    string CallerShare,
    string CalleeShare,
    string? CallerPostQuantumKey = null,
    string? CalleePostQuantumCiphertext = null)
{
    private const string Label = "sala call v1";
    private const string HybridLabel = "sala call v2 hybrid";

    /// <summary>Both halves of ML-KEM are in: the keys are derived from both secrets.</summary>
    public bool IsHybrid => CallerPostQuantumKey is not null && CalleePostQuantumCiphertext is not null;

    public byte[] Hash()
    {
        if (!IsHybrid && (CallerPostQuantumKey is not null || CalleePostQuantumCiphertext is not null))
            throw new InvalidOperationException("A hybrid transcript has both the encapsulation key and the ciphertext.");
        // Without ML-KEM the transcript is the one of calls before it, so older peers agree on it.
        string[] fields = IsHybrid
            ? [HybridLabel, CallId, Compared(CallerName), Compared(CalleeName), CallerShare, CalleeShare, CallerPostQuantumKey!, CalleePostQuantumCiphertext!]
            : [Label, CallId, Compared(CallerName), Compared(CalleeName), CallerShare, CalleeShare];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = Encoding.UTF8.GetBytes(field);
            // Length-prefixed, so no two different transcripts are written as the same bytes.
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return hash.GetHashAndReset();
    }

    // A name as names compared before look-alikes were folded into their keys (NFC, lower case): a name beyond ASCII
    // must enter the transcript as older peers write it, or the two sides of such a call would derive other keys.
    private static string Compared(string name) => name.ToLowerInvariant();
}
