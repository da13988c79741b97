namespace Sala.Audio.Tests;

public sealed class ChannelMixerTests
{
    [Fact]
    public void Stereo_is_averaged_to_mono_and_mono_copied_to_every_channel()
    {
        short[] stereo = [100, 300, -200, -400, short.MaxValue, short.MaxValue];
        var mono = new short[3];

        ChannelMixer.Downmix(stereo, 2, mono);
        var back = new short[6];
        ChannelMixer.Upmix(mono, 2, back);

        Assert.Equal([200, -300, short.MaxValue], mono);
        Assert.Equal([200, 200, -300, -300, short.MaxValue, short.MaxValue], back);
    }
}
