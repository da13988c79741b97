using BenchmarkDotNet.Attributes;
using Sala.Protocol.Rtp;

namespace Sala.Benchmarks.Micro;

/// <summary>Writing the RTP header of each sent packet and parsing the one of each received packet.</summary>
[MemoryDiagnoser]
public class RtpHeaderBenchmarks
{
    private readonly byte[] _packet = new byte[RtpHeader.FixedLength + 60];
    private ushort _sequence;

    public RtpHeaderBenchmarks() => new RtpHeader(111, 1, 960, 0x1234_5678).WriteTo(_packet);

    [Benchmark(Baseline = true, Description = "RTP header write")]
    public int Write() => new RtpHeader(111, _sequence++, 960u * _sequence, 0x1234_5678).WriteTo(_packet);

    [Benchmark(Description = "RTP header parse")]
    public int Parse() =>
        RtpHeader.TryParse(_packet, out var header, out var offset, out var length) ? header.SequenceNumber + offset + length : -1;
}
