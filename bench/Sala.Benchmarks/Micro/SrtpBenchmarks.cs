using BenchmarkDotNet.Attributes;
using Sala.Protocol.Rtp;
using Sala.Protocol.Security;

namespace Sala.Benchmarks.Micro;

/// <summary>
/// The cost encryption adds to every packet (RFC 7714 AES-GCM): protecting a 20 ms Opus packet, and protecting it
/// and verifying it again, next to building the same packet in the clear.
/// </summary>
[MemoryDiagnoser]
public class SrtpBenchmarks : IDisposable
{
    private const int OpusPayloadBytes = 60;
    private readonly byte[] _packet = new byte[RtpHeader.FixedLength + OpusPayloadBytes + SrtpSender.TagBytes];
    private readonly SrtpSender _sender;
    private readonly SrtpReceiver _receiver;
    private ushort _sequence;

    public SrtpBenchmarks()
    {
        var key = Enumerable.Range(1, CallKeyExchange.MediaKeyBytes).Select(i => (byte)i).ToArray();
        var salt = Enumerable.Range(50, CallKeyExchange.MediaSaltBytes).Select(i => (byte)i).ToArray();
        _sender = new SrtpSender(key, salt);
        _receiver = new SrtpReceiver(key, salt);
    }

    [Benchmark(Baseline = true, Description = "packet in the clear")]
    public int Plain() => Build();

    [Benchmark(Description = "SRTP protect")]
    public int Protect() => _sender.Protect(_packet, Build());

    [Benchmark(Description = "SRTP protect + verify")]
    public int ProtectAndVerify()
    {
        var length = _sender.Protect(_packet, Build());
        return _receiver.TryUnprotect(_packet, ref length) ? length : -1;
    }

    public void Dispose()
    {
        _sender.Dispose();
        _receiver.Dispose();
        GC.SuppressFinalize(this);
    }

    private int Build()
    {
        var sequence = _sequence++;
        var length = new RtpHeader(111, sequence, 960u * sequence, 0x1234_5678).WriteTo(_packet);
        _packet.AsSpan(length, OpusPayloadBytes).Fill((byte)sequence);
        return length + OpusPayloadBytes;
    }
}
