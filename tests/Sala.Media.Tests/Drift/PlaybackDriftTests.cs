using Sala.Media.Drift;

namespace Sala.Media.Tests.Drift;

/// <summary>A speaker on its own clock, fed a frame at a time by a loop on another: its queue stays where it settled.</summary>
public sealed class PlaybackDriftTests
{
    private const int Frames = 15_000;

    [Theory]
    [InlineData(600)]
    [InlineData(-600)]
    [InlineData(-100)]
    public void A_speaker_ppm_off_the_loop_keeps_its_queue_within_5_ms_for_five_minutes(int speakerPpm)
    {
        var drift = new PlaybackDrift();
        var queued = 1920.0;
        var furthest = 0.0;
        for (var frame = 0; frame < Frames; frame++)
        {
            queued += drift.NextLength((long)queued);
            queued -= AudioFormat.SamplesPerFrame * (1 + (speakerPpm * 1e-6));
            if (frame > PlaybackDrift.SettleFrames)
                furthest = Math.Max(furthest, Math.Abs(queued - 1920));
        }

        // Uncorrected, 600 ppm would move the queue 8 640 samples (180 ms) in these five minutes. Corrected, it strays by
        // the band (2 ms), what drifted while it settled (2 ms at 600 ppm) and a second of smoothing.
        Assert.InRange(furthest, 0, 5 * AudioFormat.SampleRate / 1000);
        Assert.InRange(drift.Corrections, Math.Abs(speakerPpm) * 1e-6 * AudioFormat.SamplesPerFrame * Frames * 0.9, Frames);
    }

    [Fact]
    public void A_speaker_on_the_loops_clock_is_never_corrected()
    {
        var drift = new PlaybackDrift();
        for (var frame = 0; frame < Frames; frame++)
            Assert.Equal(AudioFormat.SamplesPerFrame, drift.NextLength(1920 + (frame % 2 * 480)));
        Assert.Equal(0, drift.Corrections);
    }

    [Fact]
    public void After_the_speaker_ran_dry_its_new_level_is_where_it_settles_again()
    {
        var drift = new PlaybackDrift();
        for (var frame = 0; frame < 500; frame++)
            drift.NextLength(1920);
        drift.Resettle();
        for (var frame = 0; frame < 500; frame++)
            Assert.Equal(AudioFormat.SamplesPerFrame, drift.NextLength(2400));
    }

    [Fact]
    public void The_first_second_is_ignored_and_the_level_after_it_is_the_target()
    {
        // Frames 1-50 come while the device starts (here 1 000 samples higher); a target taken from them, or from the
        // 50th, would be corrected towards for the rest of the call.
        var drift = new PlaybackDrift();
        for (var frame = 1; frame <= 1000; frame++)
            Assert.Equal(AudioFormat.SamplesPerFrame, drift.NextLength(frame <= 50 ? 2920 : 1920));
        Assert.Equal(0, drift.Corrections);
    }

    [Fact]
    public void After_a_resettle_the_level_starts_afresh_rather_than_from_the_old_one()
    {
        var drift = new PlaybackDrift();
        for (var frame = 0; frame < 500; frame++)
            drift.NextLength(1920);
        drift.Resettle();
        for (var frame = 0; frame < 500; frame++)
            Assert.Equal(AudioFormat.SamplesPerFrame, drift.NextLength(3300));
        Assert.Equal(0, drift.Corrections);
    }

    [Fact]
    public void A_step_of_exactly_a_frame_and_a_half_is_drift_to_correct_and_not_a_glitch()
    {
        var drift = new PlaybackDrift();
        for (var frame = 0; frame < 500; frame++)
            drift.NextLength(1920);
        var lengths = Enumerable.Range(0, 300).Select(_ => drift.NextLength(1920 + (AudioFormat.SamplesPerFrame * 3 / 2))).ToList();

        Assert.Contains(lengths, length => length < AudioFormat.SamplesPerFrame);
        Assert.True(drift.Corrections > 0);
    }

    [Fact]
    public void A_jump_of_more_than_a_frame_and_a_half_is_a_glitch_it_settles_again_after_not_drift_to_correct()
    {
        var drift = new PlaybackDrift();
        for (var frame = 0; frame < 500; frame++)
            drift.NextLength(1920);

        for (var frame = 0; frame < 500; frame++)
            Assert.Equal(AudioFormat.SamplesPerFrame, drift.NextLength(1920 + 2000));
        Assert.Equal(0, drift.Corrections);
    }
}
