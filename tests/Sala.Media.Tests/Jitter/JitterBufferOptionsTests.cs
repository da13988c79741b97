using Sala.Media.Jitter;

namespace Sala.Media.Tests.Jitter;

/// <summary>The jitter buffer's options at the edges of what it accepts: each bound itself is allowed.</summary>
public sealed class JitterBufferOptionsTests
{
    public static TheoryData<JitterBufferOptions> AtTheEdges => new()
    {
        new JitterBufferOptions { MinimumDelay = TimeSpan.Zero },
        new JitterBufferOptions { MinimumDelay = TimeSpan.FromMilliseconds(400), MaximumDelay = TimeSpan.FromMilliseconds(400) },
        new JitterBufferOptions { JitterMultiplier = 0 },
        new JitterBufferOptions { JitterMultiplier = 100 },
        // 60 ms is 3 frames, which need 2 * 3 + 2 = 8 slots: the smallest capacity, exactly enough.
        new JitterBufferOptions { MinimumDelay = TimeSpan.Zero, MaximumDelay = TimeSpan.FromMilliseconds(60), Capacity = 8 },
        new JitterBufferOptions { Capacity = 4096 },
        new JitterBufferOptions { MaxPayloadBytes = 1 },
        new JitterBufferOptions { MaxPayloadBytes = 65_536, Capacity = 64 },
    };

    public static TheoryData<JitterBufferOptions> JustBeyond => new()
    {
        new JitterBufferOptions { MinimumDelay = TimeSpan.FromTicks(-1) },
        new JitterBufferOptions { MinimumDelay = TimeSpan.FromMilliseconds(400), MaximumDelay = TimeSpan.FromMilliseconds(380) },
        new JitterBufferOptions { JitterMultiplier = -0.01 },
        new JitterBufferOptions { JitterMultiplier = 100.01 },
        // 80 ms is 4 frames, which need 10 slots: 8 is too few.
        new JitterBufferOptions { MinimumDelay = TimeSpan.Zero, MaximumDelay = TimeSpan.FromMilliseconds(80), Capacity = 8 },
        new JitterBufferOptions { Capacity = 8192 },
        new JitterBufferOptions { MaxPayloadBytes = 0 },
        new JitterBufferOptions { MaxPayloadBytes = 65_537 },
    };

    [Theory]
    [MemberData(nameof(AtTheEdges))]
    public void Options_on_a_bound_are_accepted(JitterBufferOptions options) => _ = new JitterBuffer(options);

    [Theory]
    [MemberData(nameof(JustBeyond))]
    public void Options_just_beyond_a_bound_are_refused(JitterBufferOptions options) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(options));
}
