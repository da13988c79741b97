using System.Buffers.Text;
using System.Collections.ObjectModel;
using System.Net;
using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;
using Sala.Protocol.Calls;
using Sala.Protocol.Identity;
using Sala.Protocol.Rtp;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;

namespace Sala.Calls.Tests.Stepped;

/// <summary>
/// The hybrid key agreement (ECDH and ML-KEM-768) in whole calls between two agents on the fake clock: a call
/// between two current phones is post-quantum and carries audio; a peer without ML-KEM still gets an encrypted call;
/// either half tampered with on the way leaves the two sides with different keys, so no audio gets through.
/// </summary>
public sealed class PostQuantumCallTests
{
    private static readonly IPEndPoint AliceAddress = SteppedPhones.EndPointOf(5000);
    private static readonly IPEndPoint BobAddress = SteppedPhones.EndPointOf(5001);

    [Fact]
    public async Task A_call_between_two_current_phones_is_post_quantum_and_carries_audio_both_ways()
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(440));
        var bob = phones.Add("bob", 5001, () => new ToneSource(660));
        var signals = Record(phones);

        var (aliceSide, bobSide) = Connect(phones, alice.Agent, bob.Agent);
        phones.Step(150);

        Assert.True(aliceSide.Security is { Encrypted: true, PostQuantum: true });
        Assert.True(bobSide.Security is { Encrypted: true, PostQuantum: true });
        Assert.Equal(aliceSide.Security.ShortAuthenticationString, bobSide.Security.ShortAuthenticationString);
        var invite = signals.First(s => s.Message.Kind == SignalingKind.Invite);
        var accept = signals.First(s => s.Message.Kind == SignalingKind.Accept);
        Assert.Equal(MlKem768.EncapsulationKeyBytes, Base64Url.DecodeFromChars(invite.Message.OtherFields[SecurityFields.PostQuantum]).Length);
        Assert.Equal(MlKem768.CiphertextBytes, Base64Url.DecodeFromChars(accept.Message.OtherFields[SecurityFields.PostQuantum]).Length);
        AssertEachHearsTheOther(alice.Devices, bob.Devices);
        await HangUpAsync(phones, alice.Agent, bob.Agent, rejected: 0);
    }

    [Fact]
    public async Task ML_KEM_adds_its_key_to_the_invitation_and_its_ciphertext_to_the_answer_and_nothing_else()
    {
        var classic = await HandshakeSizesAsync(postQuantum: false, signed: false);
        var hybrid = await HandshakeSizesAsync(postQuantum: true, signed: false);
        var signedClassic = await HandshakeSizesAsync(postQuantum: false, signed: true);
        var signedHybrid = await HandshakeSizesAsync(postQuantum: true, signed: true);

        // " pq=" and the base64url of 1184 and 1088 bytes: 1579 and 1451 characters.
        Assert.Equal(4 + 1579, hybrid.Invite - classic.Invite);
        Assert.Equal(4 + 1451, hybrid.Accept - classic.Accept);
        Assert.Equal(classic.Others, hybrid.Others);
        // docs/benchmarks.md quotes these: alice at 192.0.2.1:5000, a 16-character call id, codec=opus. Past 1472
        // bytes (an IPv4 path with a 1500-byte MTU) the hybrid ones travel as two IP fragments.
        Assert.Equal((152, 130), (classic.Invite, classic.Accept));
        Assert.Equal((1735, 1585), (hybrid.Invite, hybrid.Accept));
        // Signed by P-256 identities: " id=" and 122 characters, " idsig=" and 86, on both.
        Assert.Equal((152 + 219, 130 + 219), (signedClassic.Invite, signedClassic.Accept));
        Assert.Equal((1735 + 219, 1585 + 219), (signedHybrid.Invite, signedHybrid.Accept));
    }

    private static async Task<(int Invite, int Accept, int Others)> HandshakeSizesAsync(bool postQuantum, bool signed)
    {
        using var aliceKey = IdentityKey.Create();
        using var bobKey = IdentityKey.Create();
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new SilenceSource(), postQuantum: postQuantum, identity: signed ? aliceKey : null);
        var bob = phones.Add("bob", 5001, () => new SilenceSource(), postQuantum: postQuantum, identity: signed ? bobKey : null);
        var signals = Record(phones);
        Connect(phones, alice.Agent, bob.Agent);
        await HangUpAsync(phones, alice.Agent, bob.Agent, rejected: 0);
        return (signals.First(s => s.Message.Kind == SignalingKind.Invite).Bytes,
            signals.First(s => s.Message.Kind == SignalingKind.Accept).Bytes,
            signals.Where(s => s.Message.Kind is not (SignalingKind.Invite or SignalingKind.Accept)).Max(s => s.Bytes));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_phone_without_ML_KEM_on_either_side_still_gets_an_encrypted_call_that_says_it_is_not_post_quantum(
        bool callerPostQuantum, bool calleePostQuantum)
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(440), postQuantum: callerPostQuantum);
        var bob = phones.Add("bob", 5001, () => new ToneSource(660), postQuantum: calleePostQuantum);
        var signals = Record(phones);

        var (aliceSide, bobSide) = Connect(phones, alice.Agent, bob.Agent);
        phones.Step(150);

        Assert.True(aliceSide.Security is { Encrypted: true, PostQuantum: false });
        Assert.True(bobSide.Security is { Encrypted: true, PostQuantum: false });
        Assert.Equal(aliceSide.Security.ShortAuthenticationString, bobSide.Security.ShortAuthenticationString);
        // Either the CONVITE offered none, or the ACEITO answered none: an older peer's messages, as before ML-KEM.
        Assert.DoesNotContain(signals, s => s.Message.Kind == SignalingKind.Accept && s.Message.OtherFields.ContainsKey(SecurityFields.PostQuantum));
        Assert.All(signals, s => Assert.True(s.Bytes <= 1024 || s.Message.Kind == SignalingKind.Invite));
        AssertEachHearsTheOther(alice.Devices, bob.Devices);
        await HangUpAsync(phones, alice.Agent, bob.Agent, rejected: 0);
    }

    [Fact]
    public async Task A_current_caller_and_a_callee_from_before_ML_KEM_agree_on_ECDH_alone()
    {
        // What a phone from before ML-KEM sees: a CONVITE whose pq= it ignores. Here the network takes it out.
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(440));
        var bob = phones.Add("bob", 5001, () => new ToneSource(660));
        Rewrite(phones, SignalingKind.Invite, fields => fields.Remove(SecurityFields.PostQuantum));

        var (aliceSide, bobSide) = Connect(phones, alice.Agent, bob.Agent);
        phones.Step(150);

        Assert.True(aliceSide.Security is { Encrypted: true, PostQuantum: false });
        Assert.Equal(aliceSide.Security.ShortAuthenticationString, bobSide.Security.ShortAuthenticationString);
        AssertEachHearsTheOther(alice.Devices, bob.Devices);
    }

    public enum Tampering
    {
        CallersShare,
        EncapsulationKey,
        CalleesShare,
        Ciphertext,
    }

    [Theory]
    [InlineData(Tampering.CallersShare)]
    [InlineData(Tampering.EncapsulationKey)]
    [InlineData(Tampering.CalleesShare)]
    [InlineData(Tampering.Ciphertext)]
    public async Task Either_half_of_the_agreement_tampered_with_on_the_way_leaves_the_sides_unable_to_hear_each_other(Tampering what)
    {
        await using var phones = new SteppedPhones();
        var alice = phones.Add("alice", 5000, () => new ToneSource(440));
        var bob = phones.Add("bob", 5001, () => new SilenceSource());
        using var mallory = new CallKeyExchange();
        var malloryPq = new MlKemKeyPair();
        var (kind, field, replacement) = what switch
        {
            Tampering.CallersShare => (SignalingKind.Invite, SecurityFields.Key, (Func<string, string>)(_ => mallory.PublicShare)),
            Tampering.EncapsulationKey => (SignalingKind.Invite, SecurityFields.PostQuantum, _ => malloryPq.EncapsulationKey),
            Tampering.CalleesShare => (SignalingKind.Accept, SecurityFields.Key, _ => mallory.PublicShare),
            Tampering.Ciphertext => (SignalingKind.Accept, SecurityFields.PostQuantum, FlipABit),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        Rewrite(phones, kind, fields => fields[field] = replacement(fields[field]));

        Assert.True(alice.Agent.Call("bob", BobAddress));
        phones.StepUntil<IncomingCallEvent>(bob.Agent);
        bob.Agent.Accept();
        phones.Step(150);

        // Alice's tagged CALLBACK does not verify under bob's keys: he never gets the go-ahead.
        Assert.Equal(CallState.Accepting, bob.Agent.State);
        var bobEnded = phones.StepUntil<CallEndedEvent>(bob.Agent, frames: 1000);
        var aliceEnded = phones.StepUntil<CallEndedEvent>(alice.Agent, frames: 1000);

        // Alice's packets reached bob and none opened; bob, never told to go ahead, sent her nothing; both gave up.
        Assert.Equal(CallEndReason.ConnectionLost, bobEnded.Reason);
        Assert.Equal(CallEndReason.ConnectionLost, aliceEnded.Reason);
        Assert.True(bobEnded.Media!.RejectedPackets > 100, $"{bobEnded.Media.RejectedPackets} packets rejected");
        Assert.Equal(0, bobEnded.Media.PacketsReceived);
        var heard = bob.Devices.Speakers.Single().Samples;
        Assert.True(AudioAnalysis.ToneLevel(heard, 440) < 0.01, $"bob heard alice's tone at {AudioAnalysis.ToneLevel(heard, 440):0.000}");
    }

    private static (CallConnectedEvent Alice, CallConnectedEvent Bob) Connect(SteppedPhones phones, CallAgent caller, CallAgent callee)
    {
        Assert.True(caller.Call("bob", BobAddress));
        phones.StepUntil<IncomingCallEvent>(callee);
        callee.Accept();
        var bobSide = phones.StepUntil<CallConnectedEvent>(callee);
        var aliceSide = phones.StepUntil<CallConnectedEvent>(caller);
        return (aliceSide, bobSide);
    }

    private static async Task HangUpAsync(SteppedPhones phones, CallAgent caller, CallAgent callee, long rejected)
    {
        caller.HangUp();
        var aliceEnded = phones.StepUntil<CallEndedEvent>(caller);
        var bobEnded = phones.StepUntil<CallEndedEvent>(callee);
        Assert.Equal(CallEndReason.HungUpByPeer, bobEnded.Reason);
        Assert.Equal(rejected, aliceEnded.Media!.RejectedPackets);
        Assert.Equal(rejected, bobEnded.Media!.RejectedPackets);
        await Task.CompletedTask;
    }

    /// <summary>Each hears the other's tone, and only that, over the last two seconds.</summary>
    private static void AssertEachHearsTheOther(TestDevices alice, TestDevices bob)
    {
        var bobHeard = bob.Speakers.Single().Samples[^(2 * AudioFormat.SampleRate)..];
        var aliceHeard = alice.Speakers.Single().Samples[^(2 * AudioFormat.SampleRate)..];
        Assert.True(AudioAnalysis.ToneLevel(bobHeard, 440) > 10 * AudioAnalysis.ToneLevel(bobHeard, 660));
        Assert.True(AudioAnalysis.ToneLevel(aliceHeard, 660) > 10 * AudioAnalysis.ToneLevel(aliceHeard, 440));
    }

    /// <summary>Every signaling message that crosses, and its size on the wire.</summary>
    private static List<(SignalingMessage Message, int Bytes)> Record(SteppedPhones phones)
    {
        var seen = new List<(SignalingMessage, int)>();
        phones.Network.Filter = (datagram, _, _) =>
        {
            if (DatagramClassifier.Classify(datagram) == DatagramKind.Signaling && SignalingMessage.TryParse(datagram, out var message, out _))
                seen.Add((message, datagram.Length));
            return true;
        };
        return seen;
    }

    /// <summary>Changes the fields of every <paramref name="kind"/> message on its way, as a relay in the middle could.</summary>
    private static void Rewrite(SteppedPhones phones, SignalingKind kind, Action<Dictionary<string, string>> change)
    {
        // What was put back on the way passes the filter again: it is let through, not rewritten once more.
        var rewritten = new HashSet<string>(StringComparer.Ordinal);
        phones.Network.Filter = (datagram, from, to) =>
        {
            if (DatagramClassifier.Classify(datagram) != DatagramKind.Signaling || !SignalingMessage.TryParse(datagram, out var message, out _)
                || message.Kind != kind || rewritten.Remove(Convert.ToBase64String(datagram)))
                return true;
            var fields = new Dictionary<string, string>(message.OtherFields, StringComparer.Ordinal);
            change(fields);
            var changed = (message with { OtherFields = new ReadOnlyDictionary<string, string>(fields) }).ToBytes();
            rewritten.Add(Convert.ToBase64String(changed));
            phones.Network.Inject(changed, from, to);
            return false;
        };
    }

    private static string FlipABit(string base64Url)
    {
        var bytes = Base64Url.DecodeFromChars(base64Url);
        bytes[100] ^= 0x01;
        return Base64Url.EncodeToString(bytes);
    }
}
