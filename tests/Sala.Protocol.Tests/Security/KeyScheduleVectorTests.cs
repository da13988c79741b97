using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Sala.Protocol.Calls;
using Sala.Protocol.Security;

namespace Sala.Protocol.Tests.Security;

/// <summary>
/// The call's key agreement checked against published vectors, byte for byte: P-256 ECDH (RFC 5903 §8.1), HKDF-SHA256
/// (RFC 5869 appendix A), and Sala's own schedule on top of them (docs/protocol.md, "Encryption") computed here from
/// the RFCs' definitions, so a swapped salt and info, another label or another order of the keys fails.
/// </summary>
public sealed class KeyScheduleVectorTests
{
    // RFC 5903 §8.1, the 256-bit random ECP group: the initiator's i and g^i, the responder's r and g^r, and g^ir.
    private const string I = "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433";
    private const string GiX = "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180";
    private const string GiY = "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3";
    private const string R = "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53";
    private const string GrX = "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63";
    private const string GrY = "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB";
    private const string GirX = "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE";

    private static CallKeyExchange Initiator() => Exchange(I, GiX, GiY);

    private static CallKeyExchange Responder() => Exchange(R, GrX, GrY);

    private static CallKeyExchange Exchange(string d, string x, string y) => new(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = Convert.FromHexString(d),
        Q = new ECPoint { X = Convert.FromHexString(x), Y = Convert.FromHexString(y) },
    });

    private static string Share(string x, string y) => Base64Url.EncodeToString(Convert.FromHexString(x + y));

    [Fact]
    public void The_key_share_is_base64url_of_X_then_Y_of_the_public_point()
    {
        using var initiator = Initiator();
        Assert.Equal(Share(GiX, GiY), initiator.PublicShare);
    }

    [Fact]
    public void The_shared_secret_is_the_RFC_5903_x_coordinate_from_both_sides()
    {
        using var initiator = Initiator();
        using var responder = Responder();
        Assert.True(initiator.TryAgree(Share(GrX, GrY), out var fromInitiator));
        Assert.True(responder.TryAgree(Share(GiX, GiY), out var fromResponder));
        Assert.Equal(GirX, Convert.ToHexString(fromInitiator));
        Assert.Equal(GirX, Convert.ToHexString(fromResponder));
    }

    public static TheoryData<string, string, string, int, string> Rfc5869 => new()
    {
        // A.1: basic test case with SHA-256.
        {
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
        },
        // A.2: longer inputs and outputs.
        {
            Ascending(0x00, 80), Ascending(0x60, 80), Ascending(0xb0, 80), 82,
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"
        },
        // A.3: zero-length salt and info.
        {
            "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
        },
    };

    [Theory]
    [MemberData(nameof(Rfc5869))]
    public void Hkdf_gives_the_RFC_5869_output(string ikm, string salt, string info, int length, string okm)
    {
        var output = CallKeyExchange.Hkdf(Convert.FromHexString(ikm), Convert.FromHexString(salt), Convert.FromHexString(info), length);
        Assert.Equal(okm, Convert.ToHexString(output), ignoreCase: true);
        // The reference below, from RFC 5869 §2.2 and §2.3, is what the schedule test trusts: it must agree too.
        Assert.Equal(okm, Convert.ToHexString(ReferenceHkdf(Convert.FromHexString(ikm), Convert.FromHexString(salt), Convert.FromHexString(info), length)), ignoreCase: true);
    }

    [Fact]
    public void A_name_beyond_ascii_enters_the_transcript_in_lower_case_NFC_as_older_clients_write_it_not_folded_to_look_alikes()
    {
        var transcript = new CallTranscript("c1", "João", "\u0455\u0441\u043e\u0440\u0435", "share-a", "share-b");

        Assert.Equal(TranscriptHash("sala call v1", "c1", "joão", "\u0455\u0441\u043e\u0440\u0435", "share-a", "share-b"), transcript.Hash());
    }

    [Fact]
    public void The_call_keys_are_HKDF_of_the_secret_salted_with_the_transcript_hash_under_the_sala_label_in_the_documented_order()
    {
        using var caller = Initiator();
        using var callee = Responder();
        var transcript = new CallTranscript("c1", "Alice", "bob", caller.PublicShare, callee.PublicShare);
        Assert.True(caller.TryDerive(callee.PublicShare, CallRole.Caller, transcript, out var callerKeys));
        Assert.True(callee.TryDerive(caller.PublicShare, CallRole.Callee, transcript, out var calleeKeys));

        var transcriptHash = TranscriptHash("sala call v1", "c1", "alice", "bob", caller.PublicShare, callee.PublicShare);
        Assert.Equal(transcriptHash, transcript.Hash());
        var material = ReferenceHkdf(Convert.FromHexString(GirX), transcriptHash, Encoding.ASCII.GetBytes("sala call keys v1"), 2 * (16 + 12 + 32) + 4);
        var expected = new CallKeys(material[..16], material[16..28], material[28..44], material[44..56], material[56..88], material[88..120],
            ShortAuthenticationString.FromBytes(material.AsSpan(120, 4)));

        AssertSameKeys(expected, callerKeys);
        AssertSameKeys(expected with
        {
            SendKey = expected.ReceiveKey, SendSalt = expected.ReceiveSalt, ReceiveKey = expected.SendKey, ReceiveSalt = expected.SendSalt,
            SendControlKey = expected.ReceiveControlKey, ReceiveControlKey = expected.SendControlKey,
        }, calleeKeys);
    }

    [Fact]
    public void Hybrid_call_keys_are_HKDF_of_the_ECDH_then_the_ML_KEM_secret_salted_with_the_hybrid_transcript_under_the_hybrid_label()
    {
        using var caller = Initiator();
        using var callee = Responder();
        // ML-KEM-768 from fixed seeds; MlKem768KnownAnswerTests checks those against published vectors.
        var pair = new MlKemKeyPair(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());
        Assert.True(MlKem768.TryEncapsulate(pair.EncapsulationKey, new FixedRandom(Enumerable.Repeat((byte)0x5a, 32).ToArray()), out var ciphertext, out var secret));
        var transcript = new CallTranscript("c1", "Alice", "bob", caller.PublicShare, callee.PublicShare, pair.EncapsulationKey, ciphertext);
        Assert.True(pair.TryDecapsulate(ciphertext, out var opened));
        Assert.True(caller.TryDerive(callee.PublicShare, opened, CallRole.Caller, transcript, out var callerKeys));
        Assert.True(callee.TryDerive(caller.PublicShare, secret, CallRole.Callee, transcript, out var calleeKeys));

        var transcriptHash = TranscriptHash("sala call v2 hybrid", "c1", "alice", "bob", caller.PublicShare, callee.PublicShare, pair.EncapsulationKey, ciphertext);
        Assert.Equal(transcriptHash, transcript.Hash());
        var material = ReferenceHkdf([.. Convert.FromHexString(GirX), .. secret], transcriptHash, Encoding.ASCII.GetBytes("sala call keys v2 hybrid"), 2 * (16 + 12 + 32) + 4);
        var expected = new CallKeys(material[..16], material[16..28], material[28..44], material[44..56], material[56..88], material[88..120],
            ShortAuthenticationString.FromBytes(material.AsSpan(120, 4)), PostQuantum: true);

        AssertSameKeys(expected, callerKeys);
        AssertSameKeys(expected with
        {
            SendKey = expected.ReceiveKey, SendSalt = expected.ReceiveSalt, ReceiveKey = expected.SendKey, ReceiveSalt = expected.SendSalt,
            SendControlKey = expected.ReceiveControlKey, ReceiveControlKey = expected.SendControlKey,
        }, calleeKeys);
        Assert.True(callerKeys.PostQuantum);
    }

    private static void AssertSameKeys(CallKeys expected, CallKeys actual)
    {
        Assert.Equal(expected.SendKey, actual.SendKey);
        Assert.Equal(expected.SendSalt, actual.SendSalt);
        Assert.Equal(expected.ReceiveKey, actual.ReceiveKey);
        Assert.Equal(expected.ReceiveSalt, actual.ReceiveSalt);
        Assert.Equal(expected.SendControlKey, actual.SendControlKey);
        Assert.Equal(expected.ReceiveControlKey, actual.ReceiveControlKey);
        Assert.Equal(expected.ShortAuthenticationString, actual.ShortAuthenticationString);
    }

    /// <summary>SHA-256 of each field as a 4-byte big-endian length and its UTF-8 bytes (docs/protocol.md).</summary>
    private static byte[] TranscriptHash(params string[] fields)
    {
        var bytes = new List<byte>();
        foreach (var field in fields)
        {
            var utf8 = Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, utf8.Length);
            bytes.AddRange(length);
            bytes.AddRange(utf8);
        }
        return SHA256.HashData(bytes.ToArray());
    }

    /// <summary>RFC 5869 written out: PRK = HMAC(salt, IKM); T(n) = HMAC(PRK, T(n-1) | info | n); OKM = T(1) | T(2) | ...</summary>
    private static byte[] ReferenceHkdf(byte[] ikm, byte[] salt, byte[] info, int length)
    {
        var prk = HMACSHA256.HashData(salt.Length == 0 ? new byte[32] : salt, ikm);
        var okm = new List<byte>();
        var previous = Array.Empty<byte>();
        for (byte n = 1; okm.Count < length; n++)
        {
            previous = HMACSHA256.HashData(prk, (byte[])[.. previous, .. info, n]);
            okm.AddRange(previous);
        }
        return okm.Take(length).ToArray();
    }

    private static string Ascending(int first, int count) => Convert.ToHexString(Enumerable.Range(first, count).Select(i => (byte)i).ToArray());
}
