using System.Buffers.Binary;
using Sala.Media;
using Sala.Media.Codecs;
using Sala.Media.Jitter;
using Sala.Protocol.Ice;
using Sala.Protocol.Registry;
using Sala.Protocol.Rtcp;
using Sala.Protocol.Rtp;
using Sala.Protocol.Security;
using Sala.Protocol.Signaling;
using Sala.Protocol.Stun;

namespace Sala.Fuzz;

/// <summary>
/// One entry per fuzz target. Each takes any bytes; every one of these APIs promises to be total (false or a
/// reason, never an exception), so any exception that escapes is a finding and AFL++ records it as a crash.
/// </summary>
internal static class FuzzTargets
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];
    private static readonly byte[] Salt = [.. Enumerable.Range(100, 12).Select(i => (byte)i)];

    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>
    {
        ["registry"] = RegistryLines,
        ["replies"] = RegistryReplies,
        ["signaling"] = Signaling,
        ["rtp"] = Rtp,
        ["srtp"] = Srtp,
        ["rtcp"] = Rtcp,
        ["srtcp"] = Srtcp,
        ["playout"] = Playout,
        ["stun"] = Stun,
        ["opus"] = Opus,
    };

    /// <summary>The server's path: frame lines out of the bytes (capped), parse each as a request.</summary>
    private static void RegistryLines(byte[] input)
    {
        var buffer = new System.Buffers.ReadOnlySequence<byte>(input);
        while (RegistryLineFramer.TryReadLine(ref buffer, out var line) == LineStatus.Complete)
            RegistryRequestParser.Parse(System.Buffers.BuffersExtensions.ToArray(line));
    }

    /// <summary>
    /// The client's path, a hostile registry's lines: each framed line through every reply reader. An entry or TURN
    /// offer that reads must write again (as the server writes it) and read back the same.
    /// </summary>
    private static void RegistryReplies(byte[] input)
    {
        var buffer = new System.Buffers.ReadOnlySequence<byte>(input);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        while (RegistryLineFramer.TryReadLine(ref buffer, out var sequence) == LineStatus.Complete)
        {
            var line = System.Buffers.BuffersExtensions.ToArray(sequence);
            _ = RegistryReplyParser.Classify(line);
            _ = RegistryReplyParser.TryParseError(line, out _) | RegistryReplyParser.IsPong(line) | RegistryReplyParser.IsDisconnected(line);
            _ = RegistryReplyParser.TryParseRegistered(line, out _) | RegistryReplyParser.TryParseReleased(line, out _)
                | RegistryReplyParser.TryParseSent(line, out _) | RegistryReplyParser.TryParseListHeader(line, out _)
                | RegistryReplyParser.TryParseNonce(line, out _) | RegistryReplyParser.TryParseMessage(line, out _, out _);
            if (RegistryReplyParser.TryParseFound(line, out var entry))
            {
                output.ResetWrittenCount();
                RegistryReplyWriter.Found(output, entry.Name, entry.Address, entry.Port, entry.Identity?.Text);
                if (!RegistryReplyParser.TryParseFound(output.WrittenSpan[..^1], out var again) || again != entry)
                    throw new InvalidOperationException("an entry that read does not read back once written");
            }
            if (RegistryReplyParser.TryParseTurn(line, out var turn))
            {
                output.ResetWrittenCount();
                RegistryReplyWriter.Turn(output, turn.Host, turn.Port, turn.Username, turn.Password, (long)turn.Lifetime.TotalSeconds);
                if (!RegistryReplyParser.TryParseTurn(output.WrittenSpan[..^1], out var again) || again != turn)
                    throw new InvalidOperationException("TURN credentials that read do not read back once written");
            }
            _ = RegistryReplyParser.TryParseEntry(line, out _);
        }
    }

    /// <summary>A datagram that parses must format again and parse to the same words (round trip).</summary>
    private static void Signaling(byte[] input)
    {
        if (!SignalingMessage.TryParse(input, out var message, out _))
            return;
        Span<byte> formatted = stackalloc byte[2048];
        if (message.TryFormat(formatted, out var written) && !SignalingMessage.TryParse(formatted[..written], out _, out var error))
            throw new InvalidOperationException($"a parsed message formats to one that does not parse: {error}");
    }

    /// <summary>
    /// What the call port does with a datagram from anyone: STUN (every attribute getter, both integrity keys, the
    /// 420 list), TURN ChannelData, and the same bytes as a candidate-exchange text from the registry.
    /// </summary>
    private static void Stun(byte[] input)
    {
        TurnChannelData.TryRead(input, out _, out _);
        _ = IceSignal.TryParse(System.Text.Encoding.UTF8.GetString(input), out _, out _);
        if (!StunMessage.TryParse(input, out var message, out _))
            return;
        foreach (var type in (ushort[])[StunAttributeType.XorMappedAddress, StunAttributeType.XorPeerAddress, StunAttributeType.XorRelayedAddress])
            message.TryGetXorAddress(type, out _);
        message.GetString(StunAttributeType.Username);
        message.GetString(StunAttributeType.Realm);
        message.TryGetUInt32(StunAttributeType.Priority, out _);
        message.TryGetUInt64(StunAttributeType.IceControlling, out _);
        message.TryGetError(out _, out _);
        message.TryGetValue(StunAttributeType.Data, out _);
        message.VerifyIntegrity(Key);
        message.VerifyIntegrity(StunCredentials.LongTermKey("user", "realm", "pass"));
        message.UnknownRequiredAttributes([StunAttributeType.Username, StunAttributeType.Priority]);
    }

    private static void Rtp(byte[] input)
    {
        if (!RtpHeader.TryParse(input, out _, out var offset, out var length))
            return;
        if (offset < 0 || length < 0 || offset + length > input.Length)
            throw new InvalidOperationException($"payload {offset}+{length} outside a {input.Length}-byte datagram");
    }

    /// <summary>
    /// Packets framed by a length byte; a packet whose flag byte is odd is protected first (so the receiver's
    /// authentic path, roll-over guess and replay window are reached), else handed to the receiver as it is.
    /// </summary>
    private static void Srtp(byte[] input)
    {
        using var sender = new SrtpSender(Key, Salt);
        using var receiver = new SrtpReceiver(Key, Salt);
        var packet = new byte[256 + SrtpSender.TagBytes];
        var at = 0;
        while (at + 2 <= input.Length)
        {
            var flag = input[at];
            var length = Math.Min(input[at + 1], input.Length - at - 2);
            input.AsSpan(at + 2, length).CopyTo(packet);
            at += 2 + length;
            if ((flag & 1) == 1)
            {
                if (!RtpHeader.TryParse(packet.AsSpan(0, length), out _, out _, out _))
                    continue;
                length = sender.Protect(packet, length);
            }
            var unprotected = length;
            receiver.TryUnprotect(packet, ref unprotected);
        }
    }

    /// <summary>
    /// What the call port does with a datagram whose second byte says RTCP: compound reports, reduced-size feedback
    /// (RFC 4585, RFC 5506) and XR (RFC 3611). Whatever parses must be self-consistent: a reporter SSRC to read,
    /// feedback packets no more than 12-byte packets would fill, a NACK that asks for at least one packet.
    /// </summary>
    private static void Rtcp(byte[] input)
    {
        DatagramClassifier.Classify(input);
        if (!RtcpPacket.TryParse(input, out var packet))
            return;
        _ = packet.Ssrc;
        if (!packet.HasReport && packet.Feedback.IsEmpty)
            throw new InvalidOperationException("a packet with neither a report nor feedback parsed");
        if (packet.Feedback.Length > input.Length / 8)
            throw new InvalidOperationException($"{packet.Feedback.Length} feedback packets in {input.Length} bytes");
        foreach (var feedback in packet.Feedback)
        {
            if (feedback.Kind == FeedbackKind.GenericNack && feedback.NackedPackets < 1)
                throw new InvalidOperationException("a NACK that asks for nothing");
        }
        packet.TryGetReportBlock(0, out _);
    }

    /// <summary>
    /// Packets framed by a length byte, as for <see cref="Srtp"/>: an odd flag protects the packet first (so the
    /// authentic path, the E flag and the index window are reached), else the receiver gets the bytes as they are.
    /// What authenticates must be exactly what was protected, and goes on to the RTCP parser.
    /// </summary>
    private static void Srtcp(byte[] input)
    {
        using var sender = new SrtcpSender(Key, Salt);
        using var receiver = new SrtcpReceiver(Key, Salt);
        var packet = new byte[256 + SrtcpSender.Overhead];
        var at = 0;
        while (at + 2 <= input.Length)
        {
            var flag = input[at];
            var length = Math.Min(input[at + 1], input.Length - at - 2);
            input.AsSpan(at + 2, length).CopyTo(packet);
            at += 2 + length;
            var plain = packet.AsSpan(0, length).ToArray();
            var protectedHere = (flag & 1) == 1 && length >= SrtcpSender.ClearBytes;
            if (protectedHere)
                length = sender.Protect(packet, length);
            var unprotected = length;
            if (!receiver.TryUnprotect(packet, ref unprotected))
                continue;
            if (protectedHere && !packet.AsSpan(0, unprotected).SequenceEqual(plain))
                throw new InvalidOperationException("a protected packet came back different");
            _ = RtcpPacket.TryParse(packet.AsSpan(0, unprotected), out _);
        }
    }

    /// <summary>
    /// Operations on a playout: 0x00-0x7F puts a packet (sequence, timestamp, payload type, length, payload, and an
    /// arrival step), 0x80-0xFF plays one 20 ms frame; a hostile sender chooses all of it.
    /// </summary>
    /// <summary>
    /// An Opus packet's framing (RFC 6716 §3): a packet judged valid lasts 2.5 to 120 ms in whole 2.5 ms steps, and
    /// Sala's managed decoder, given that many samples to fill, plays it or conceals it, never throws. (Concentus
    /// itself throws on some well-framed packets whose frames are garbage; the decoder counts those as invalid.)
    /// </summary>
    private static void Opus(byte[] input)
    {
        if (!OpusPacket.TryGetSamples(input, out var samples))
            return;
        if (samples <= 0 || samples > OpusPacket.MaxSamples || samples % OpusPacket.MinSamples != 0)
            throw new InvalidOperationException($"a valid packet of {samples} samples");
        using var decoder = new OpusAudioDecoder();
        if (decoder.SamplesIn(input) != samples)
            throw new InvalidOperationException("the decoder and the parser disagree on a packet's length");
        decoder.Decode(input, new short[samples]);
    }

    private static void Playout(byte[] input)
    {
        var playout = new AudioPlayout([new OpusAudioDecoder(), new PcmAudioDecoder()]);
        var frame = new short[AudioFormat.SamplesPerFrame];
        var now = TimeSpan.FromSeconds(1);
        var at = 0;
        while (at < input.Length)
        {
            var op = input[at++];
            if (op >= 0x80)
            {
                now += TimeSpan.FromMilliseconds(20);
                playout.Play(frame, now);
                continue;
            }
            if (at + 9 > input.Length)
                return;
            var sequence = BinaryPrimitives.ReadUInt16BigEndian(input.AsSpan(at));
            var timestamp = BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(at + 2));
            var payloadType = (input[at + 6] & 1) == 0 ? AudioCodecs.OpusPayloadType : input[at + 6] == 1 ? AudioCodecs.PcmPayloadType : input[at + 6];
            var length = Math.Min(input[at + 7] * 8, input.Length - at - 9);
            var arrivalStep = input[at + 8];
            at += 9;
            now += TimeSpan.FromMilliseconds(arrivalStep);
            playout.Put(sequence, timestamp, payloadType, input.AsSpan(at, length), now);
            at += length;
        }
    }
}
