using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>Whatever arrives, in whatever order and at whatever time, the playout neither throws nor miscounts.</summary>
public sealed class PlayoutPropertyTests
{
    [Property(Arbitrary = [typeof(Operations)], MaxTest = 300)]
    public void Any_sequence_of_puts_and_plays_never_throws_and_keeps_counters_consistent(Operation[] operations) =>
        Run(operations);

    [Fact]
    public void A_long_seeded_random_run_keeps_counters_consistent()
    {
        // Deterministic: 100 runs of up to 1000 operations from a fixed seed.
        foreach (var batch in Operations.Generator().Sample(100, new Rnd(2024), 1000))
            Run(batch);
    }

    private static void Run(Operation[] operations)
    {
        var decoder = new TestDecoder { ThrowOn = 0xEE };
        var playout = new AudioPlayout([decoder, new TestDecoder(0)]);
        var frame = new short[AudioFormat.SamplesPerFrame];
        var payload = new byte[2000];
        var (puts, plays) = (0L, 0L);
        var sequence = (ushort)0;
        var timestamp = 0u;
        var clock = TimeSpan.Zero;
        foreach (var op in operations)
        {
            clock += TimeSpan.FromMilliseconds(op.TimeStepMs);
            if (op.Kind == OperationKind.Play)
            {
                var kind = playout.Play(frame, clock);
                Assert.True(Enum.IsDefined(kind));
                plays++;
            }
            else
            {
                sequence = op.Kind == OperationKind.PutAnywhere ? op.Sequence : (ushort)(sequence + op.SequenceStep);
                timestamp = op.Kind == OperationKind.PutAnywhere ? op.Timestamp : timestamp + (uint)(op.SequenceStep * 960);
                payload.AsSpan().Fill(op.Filler);
                if (op.Length >= 2)
                    (payload[0], payload[1]) = ((byte)sequence, (byte)(sequence >> 8));
                var result = playout.Put(sequence, timestamp, op.PayloadType, payload.AsSpan(0, op.Length), clock);
                Assert.True(Enum.IsDefined(result));
                Assert.True(op.Length <= 1500 || result == PutResult.Rejected);
                puts++;
            }

            var s = playout.Statistics;
            Assert.Equal(puts, s.Received + s.Duplicates + s.Late + s.OutOfSequence + s.Rejected);
            Assert.Equal(s.Received, s.Played + s.Dropped + s.Flushed + s.BufferedPackets);
            Assert.Equal(plays, s.SilentFrames + s.Played + s.ConcealedFec + s.ConcealedPlc + s.Stretched + s.ComfortNoise);
            Assert.True(s.Lost >= s.ConcealedFec + s.ConcealedPlc);
            Assert.InRange(s.BufferedPackets, 0, 64);
            Assert.InRange(s.TargetDelay, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(400));
            Assert.True(s.Jitter >= TimeSpan.Zero && s.DecodeErrors <= s.Played);
        }
    }
}
