using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>A sender, a network and an audio clock, all on plain simulated time.</summary>
internal static class Simulation
{
    public static readonly TimeSpan Frame = AudioFormat.FrameDuration;

    /// <summary>
    /// Packets <paramref name="first"/>.. of a 20 ms stream: packet i is sent at <paramref name="sendTime"/>(i) and
    /// spends <paramref name="delay"/>(i) in the network (null: lost).
    /// </summary>
    public static List<SimulatedPacket> Stream(
        int count,
        Func<int, TimeSpan>? sendTime = null,
        Func<int, TimeSpan?>? delay = null,
        Func<int, bool>? loud = null,
        ushort firstSequence = 0,
        uint firstTimestamp = 0,
        int first = 0)
    {
        sendTime ??= i => i * Frame;
        delay ??= _ => TimeSpan.FromMilliseconds(5);
        loud ??= _ => true;
        var packets = new List<SimulatedPacket>(count);
        for (var i = first; i < first + count; i++)
        {
            if (delay(i) is not { } d)
                continue;
            var sequence = (ushort)(firstSequence + i);
            var isLoud = loud(i);
            packets.Add(new SimulatedPacket(
                sequence,
                unchecked(firstTimestamp + ((uint)i * AudioFormat.SamplesPerFrame)),
                TestDecoder.Payload(sequence, isLoud),
                sendTime(i) + d,
                isLoud));
        }

        return packets;
    }

    /// <summary>Pulls <paramref name="frames"/> frames at phase + k × 20 ms, putting each packet once it has arrived.</summary>
    public static List<SimulatedFrame> Run(
        AudioPlayout playout,
        TestDecoder decoder,
        IEnumerable<SimulatedPacket> packets,
        int frames,
        TimeSpan? phase = null,
        int quietLevel = 328)
    {
        var byArrival = packets.OrderBy(p => p.Arrival).ToList();
        var output = new List<SimulatedFrame>(frames);
        var frame = new short[AudioFormat.SamplesPerFrame];
        var nextPacket = 0;
        for (var k = 0; k < frames; k++)
        {
            var now = (phase ?? TimeSpan.Zero) + (k * Frame);
            for (; nextPacket < byArrival.Count && byArrival[nextPacket].Arrival <= now; nextPacket++)
            {
                var p = byArrival[nextPacket];
                playout.Put(p.Sequence, p.Timestamp, TestDecoder.DefaultPayloadType, p.Payload, p.Arrival);
            }

            var callsBefore = decoder.Calls.Count;
            var kind = playout.Play(frame, now);
            var stats = playout.Statistics;
            var quiet = frame.Sum(s => (long)s * s) <= (long)quietLevel * quietLevel * frame.Length;
            output.Add(new SimulatedFrame(
                k,
                now,
                kind,
                frame[^1],
                quiet,
                decoder.Calls.Skip(callsBefore).ToArray(),
                stats.BufferedDelay,
                stats.TargetDelay));
        }

        return output;
    }

    /// <summary>The sequence numbers whose decoded frame was played, in playing order.</summary>
    public static List<int> PlayedSequences(IEnumerable<SimulatedFrame> frames) =>
        frames.Where(f => f.Kind == PlayoutFrame.Decoded).Select(f => f.Calls[^1].Sequence).ToList();
}
