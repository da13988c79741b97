using Sala.Protocol.Rtp;

namespace Sala.Protocol.Tests.Rtp;

/// <summary>The per-packet paths must not allocate (STYLE.md, real-time audio).</summary>
public sealed class RtpAllocationTests
{
    [Fact]
    public void ParsingWritingAndClassifying_AllocateNothing()
    {
        var packet = new byte[172];
        new RtpHeader(RtpPayloadTypes.Opus, 1, 960, 42).WriteTo(packet);
        var sum = Exercise(packet);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            sum += Exercise(packet);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sum);
    }

    private static int Exercise(byte[] packet)
    {
        if (!RtpHeader.TryParse(packet, out var header, out var offset, out var length))
            return 0;
        header.WriteTo(packet);
        return offset + length + (int)DatagramClassifier.Classify(packet);
    }
}
