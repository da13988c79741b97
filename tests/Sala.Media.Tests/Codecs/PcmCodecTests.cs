using Sala.Media.Codecs;

namespace Sala.Media.Tests.Codecs;

public sealed class PcmCodecTests
{
    [Fact]
    public void RoundTrip_IsExact()
    {
        var random = new Random(5);
        var signal = new short[10 * AudioFormat.SamplesPerFrame];
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        }

        signal[0] = short.MinValue;
        signal[1] = short.MaxValue;
        using var encoder = new PcmAudioEncoder();
        using var decoder = new PcmAudioDecoder();

        var output = CodecLoop.RoundTrip(encoder, decoder, signal);

        Assert.Equal(signal, output);
    }

    [Fact]
    public void Payload_IsBigEndianL16()
    {
        var frame = new short[AudioFormat.SamplesPerFrame];
        frame[0] = 0x0102;
        frame[1] = -2;
        using var encoder = new PcmAudioEncoder();
        var payload = new byte[PcmAudioEncoder.PayloadBytes];

        var length = encoder.Encode(frame, payload);

        Assert.Equal(1920, length);
        Assert.Equal(new byte[] { 0x01, 0x02, 0xFF, 0xFE }, payload[..4]);
    }

    [Fact]
    public void Conceal_RepeatsTheLastFrameFadingOut_ThenSilence()
    {
        var frame = Enumerable.Repeat((short)10_000, AudioFormat.SamplesPerFrame).ToArray();
        using var encoder = new PcmAudioEncoder();
        using var decoder = new PcmAudioDecoder();
        var payload = new byte[PcmAudioEncoder.PayloadBytes];
        encoder.Encode(frame, payload);
        decoder.Decode(payload, frame);

        var first = new short[AudioFormat.SamplesPerFrame];
        var second = new short[AudioFormat.SamplesPerFrame];
        // The caller's buffer may hold the last frame played: silence must be written, not assumed.
        var third = Enumerable.Repeat((short)1234, AudioFormat.SamplesPerFrame).ToArray();
        decoder.Conceal([], first);
        decoder.Conceal(payload, second);
        decoder.Conceal([], third);

        Assert.InRange(first[0], 9_900, 10_000);
        Assert.InRange(first[^1], 4_900, 5_100);
        Assert.InRange(second[0], 4_900, 5_100);
        Assert.Equal(0, second[^1]);
        Assert.True(first.Zip(first.Skip(1)).All(p => p.First >= p.Second), "the fade only falls");
        Assert.All(third, s => Assert.Equal(0, s));
    }

    [Fact]
    public void Decode_AfterConcealment_PlaysNormallyAgain()
    {
        using var decoder = new PcmAudioDecoder();
        var frame = new short[AudioFormat.SamplesPerFrame];
        decoder.Conceal([], frame);
        decoder.Conceal([], frame);
        decoder.Conceal([], frame);
        var payload = new byte[PcmAudioEncoder.PayloadBytes];
        payload[0] = 0x10;

        decoder.Decode(payload, frame);
        decoder.Conceal([], frame);

        Assert.InRange(frame[0], 4_000, 4_096);
    }

    [Fact]
    public void Decode_OfAShortPayload_PadsWithSilence()
    {
        using var decoder = new PcmAudioDecoder();
        var frame = Enumerable.Repeat((short)7, AudioFormat.SamplesPerFrame).ToArray();

        decoder.Decode(new byte[] { 0x00, 0x05, 0x00 }, frame);

        Assert.Equal(5, frame[0]);
        Assert.All(frame[1..], s => Assert.Equal(0, s));
    }

    [Fact]
    public void A_payload_of_one_frame_holds_a_frame_of_samples_and_any_other_length_none()
    {
        using var decoder = new PcmAudioDecoder();
        Assert.Equal(AudioFormat.SamplesPerFrame, decoder.SamplesIn(new byte[PcmAudioEncoder.PayloadBytes]));
        Assert.Equal(0, decoder.SamplesIn(new byte[PcmAudioEncoder.PayloadBytes - 2]));
        Assert.Equal(0, decoder.SamplesIn([]));
    }

    [Theory]
    [InlineData(AudioFormat.SamplesPerFrame - 1)]
    [InlineData(AudioFormat.SamplesPerFrame + 1)]
    public void Decode_and_conceal_refuse_a_frame_of_another_length(int samples)
    {
        using var decoder = new PcmAudioDecoder();
        Assert.Throws<ArgumentException>(() => decoder.Decode(new byte[PcmAudioEncoder.PayloadBytes], new short[samples]));
        Assert.Throws<ArgumentException>(() => decoder.Conceal([], new short[samples]));
    }

    [Fact]
    public void Encode_RejectsAPayloadBufferTooSmall()
    {
        using var encoder = new PcmAudioEncoder();

        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[AudioFormat.SamplesPerFrame], new byte[1500]));
    }

    [Fact]
    public void EncodeAndDecode_DoNotAllocate()
    {
        using var encoder = new PcmAudioEncoder();
        using var decoder = new PcmAudioDecoder();
        var frame = new short[AudioFormat.SamplesPerFrame];
        var payload = new byte[PcmAudioEncoder.PayloadBytes];
        encoder.Encode(frame, payload);
        decoder.Decode(payload, frame);
        decoder.Conceal([], frame);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            encoder.Encode(frame, payload);
            decoder.Decode(payload, frame);
            decoder.Conceal([], frame);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Identity_IsPcm97()
    {
        using var encoder = new PcmAudioEncoder();
        using var decoder = new PcmAudioDecoder();

        Assert.Equal((byte)97, encoder.PayloadType);
        Assert.Equal((byte)97, decoder.PayloadType);
        Assert.Equal("pcm", encoder.Name);
    }
}
