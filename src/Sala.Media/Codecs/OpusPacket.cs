namespace Sala.Media.Codecs;

/// <summary>
/// Reads what an Opus packet says of itself (RFC 6716 §3.1–3.2): its table-of-contents byte gives the length of each
/// frame (2.5 to 60 ms) and how the frames are counted, so a packet's duration is known before it is decoded. A packet
/// that breaks one of §3.4's rules R1–R7 is malformed: no decoder plays it, and none should be asked to.
/// Pure: no allocation, never throws on any input.
/// </summary>
public static class OpusPacket
{
    /// <summary>The longest packet, 120 ms (R5), in samples at 48 kHz.</summary>
    public const int MaxSamples = AudioFormat.SampleRate * 120 / 1000;

    /// <summary>The shortest frame, 2.5 ms, in samples at 48 kHz: every packet lasts a whole number of these.</summary>
    public const int MinSamples = AudioFormat.SampleRate / 400;

    /// <summary>The longest frame a packet may hold, in bytes (R2).</summary>
    public const int MaxFrameBytes = 1275;

    /// <summary>
    /// The samples at 48 kHz in each frame of a packet whose first byte is <paramref name="toc"/>: configurations 0–11
    /// are SILK (10, 20, 40, 60 ms), 12–15 hybrid (10, 20 ms), 16–31 CELT (2.5, 5, 10, 20 ms).
    /// </summary>
    public static int FrameSamples(byte toc)
    {
        var config = toc >> 3;
        var milliseconds10 = config switch
        {
            < 12 => (config & 3) switch { 0 => 100, 1 => 200, 2 => 400, _ => 600 },
            < 16 => (config & 1) == 0 ? 100 : 200,
            _ => (config & 3) switch { 0 => 25, 1 => 50, 2 => 100, _ => 200 },
        };
        return AudioFormat.SampleRate / 100 * milliseconds10 / 100;
    }

    /// <summary>Throws unless <paramref name="samples"/> is a length Opus decodes: 2.5 ms steps up to 120 ms.</summary>
    public static void CheckDuration(int samples, string parameter)
    {
        if (samples < MinSamples || samples > MaxSamples || samples % MinSamples != 0)
            throw new ArgumentException($"Opus audio comes in steps of {MinSamples} samples up to {MaxSamples}, not {samples}.", parameter);
    }

    /// <summary>Whether the packet is coded stereo (the TOC's s bit); a mono decoder downmixes it.</summary>
    public static bool IsStereo(byte toc) => (toc & 0x04) != 0;

    /// <summary>
    /// The packet's duration in samples at 48 kHz, or false when it is malformed (RFC 6716 §3.4): empty, a frame over
    /// 1275 bytes, lengths that do not add up to the packet, or more than 120 ms.
    /// </summary>
    public static bool TryGetSamples(ReadOnlySpan<byte> packet, out int samples)
    {
        samples = 0;
        if (packet.IsEmpty)
            return false; // R1

        var frameSamples = FrameSamples(packet[0]);
        var rest = packet[1..];
        int frames;
        switch (packet[0] & 3)
        {
            case 0:
                frames = 1;
                if (rest.Length > MaxFrameBytes)
                    return false;
                break;
            case 1:
                frames = 2;
                if (rest.Length % 2 != 0 || rest.Length / 2 > MaxFrameBytes)
                    return false; // R3
                break;
            case 2:
                frames = 2;
                var at = 0;
                if (!TryReadFrameLength(rest, ref at, out var first) || first > rest.Length - at || rest.Length - at - first > MaxFrameBytes)
                    return false; // R4
                break;
            default:
                if (!TryReadCodeThree(rest, frameSamples, out frames))
                    return false;
                break;
        }

        samples = frames * frameSamples;
        return true;
    }

    /// <summary>R5–R7: the frame count byte, the padding and the frames' lengths of a code 3 packet.</summary>
    private static bool TryReadCodeThree(ReadOnlySpan<byte> rest, int frameSamples, out int frames)
    {
        frames = 0;
        if (rest.IsEmpty)
            return false;
        var countByte = rest[0];
        rest = rest[1..];
        frames = countByte & 0x3F;
        if (frames == 0 || frames * frameSamples > MaxSamples)
            return false; // R5

        // Padding, at the end: its length bytes come first, each 255 meaning 254 bytes and another length byte.
        var lengthBytes = 0;
        var left = rest.Length;
        if ((countByte & 0x40) != 0)
        {
            int lengthByte;
            do
            {
                if (left <= 0)
                    return false;
                lengthByte = rest[lengthBytes++];
                left -= 1 + (lengthByte == 255 ? 254 : lengthByte);
            }
            while (lengthByte == 255);
            if (left < 0)
                return false;
        }

        var body = rest.Slice(lengthBytes, left);
        if ((countByte & 0x80) == 0)
        {
            // CBR: every frame the same length (R6).
            return body.Length % frames == 0 && body.Length / frames <= MaxFrameBytes;
        }

        // VBR: the lengths of all but the last frame, which takes what is left (R7).
        var at = 0;
        var remaining = body.Length;
        for (var i = 0; i < frames - 1; i++)
        {
            var before = at;
            if (!TryReadFrameLength(body, ref at, out var length))
                return false;
            remaining -= (at - before) + length;
            if (length > MaxFrameBytes || remaining < 0)
                return false;
        }

        return remaining <= MaxFrameBytes;
    }

    /// <summary>A frame length at <paramref name="at"/>, moved past it: one byte (0–251) or two (252–255, then a multiplier of four).</summary>
    private static bool TryReadFrameLength(ReadOnlySpan<byte> data, ref int at, out int length)
    {
        length = 0;
        if (at >= data.Length)
            return false;
        if (data[at] < 252)
        {
            length = data[at++];
            return true;
        }

        if (at + 1 >= data.Length)
            return false;
        length = (4 * data[at + 1]) + data[at];
        at += 2;
        return true;
    }
}
