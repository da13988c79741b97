using System.Numerics;

namespace Sala.Audio;

/// <summary>
/// A bounded queue of samples between one producer thread and one consumer thread that never waits and never
/// locks, so neither the device thread nor the call's frame loop can stall the other. When the consumer falls more
/// than <c>limit</c> samples behind, the oldest samples are dropped (down to half the limit, so a slow clock drift
/// causes a rare jump rather than a click every frame) and an overrun is counted.
/// </summary>
/// <remarks>
/// The producer writes freely, overwriting what the consumer has not read yet, and publishes its position after each
/// chunk of at most <c>maxWrite</c> samples. The consumer copies, then re-reads the producer's position (a seqlock):
/// if the producer may have reached the copied slots meanwhile, the copy is thrown away and the read retried from
/// the newest data. Dropping the oldest from the consumer side is what makes this lock-free: a producer that moved
/// the consumer's position itself would race with it.
/// </remarks>
internal sealed class SampleRing
{
    private readonly short[] _buffer;
    private readonly int _mask;
    private readonly int _maxWrite;
    private readonly int _limit;
    private readonly int _target;
    private long _written;
    private long _read;
    private long _overruns;

    /// <param name="limit">The most samples kept for the consumer.</param>
    /// <param name="maxWrite">The producer publishes its position at least every this many samples.</param>
    public SampleRing(int limit, int maxWrite)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWrite, 1);
        _limit = limit;
        _target = limit / 2;
        _maxWrite = maxWrite;
        // Room for the kept samples, a chunk being written and a chunk being read: a consumer within the limit
        // never finds its slots overwritten.
        _buffer = new short[BitOperations.RoundUpToPowerOf2((uint)(limit + (4 * maxWrite)))];
        _mask = _buffer.Length - 1;
    }

    /// <summary>How many times the consumer fell behind and the oldest samples were dropped.</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    /// <summary>Samples waiting for the consumer (exact on the consumer thread; may exceed the limit until the next read).</summary>
    public long Available => Volatile.Read(ref _written) - Volatile.Read(ref _read);

    /// <summary>Producer thread only: appends the samples; never waits.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        var written = _written;
        while (!samples.IsEmpty)
        {
            var chunk = samples[..Math.Min(_maxWrite, samples.Length)];
            var start = (int)(written & _mask);
            var first = Math.Min(chunk.Length, _buffer.Length - start);
            chunk[..first].CopyTo(_buffer.AsSpan(start));
            chunk[first..].CopyTo(_buffer);
            written += chunk.Length;
            // A full fence: the consumer's check assumes at most one unpublished chunk is in flight, so the stores of
            // the next chunk must not become visible before this position does.
            Interlocked.Exchange(ref _written, written);
            samples = samples[chunk.Length..];
        }
    }

    /// <summary>
    /// Consumer thread only: fills <paramref name="destination"/> with the oldest samples kept, or returns false and
    /// consumes nothing when fewer than its length are waiting.
    /// </summary>
    public bool TryRead(Span<short> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(destination.Length, _target);
        while (true)
        {
            var read = CatchUp();
            if (Volatile.Read(ref _written) - read < destination.Length)
                return false;
            if (TryCopy(read, destination))
            {
                _read = read + destination.Length;
                return true;
            }
        }
    }

    /// <summary>Consumer thread only: reads whatever is waiting, up to the length of <paramref name="destination"/>; returns how many.</summary>
    public int ReadAvailable(Span<short> destination)
    {
        while (true)
        {
            var read = CatchUp();
            var count = (int)Math.Min(destination.Length, Volatile.Read(ref _written) - read);
            if (TryCopy(read, destination[..count]))
            {
                _read = read + count;
                return count;
            }
        }
    }

    private long CatchUp()
    {
        var written = Volatile.Read(ref _written);
        if (written - _read > _limit)
        {
            _read = written - _target;
            Interlocked.Increment(ref _overruns);
        }

        return _read;
    }

    private bool TryCopy(long read, Span<short> destination)
    {
        var start = (int)(read & _mask);
        var first = Math.Min(destination.Length, _buffer.Length - start);
        _buffer.AsSpan(start, first).CopyTo(destination);
        _buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
        // The copy's loads must complete before the producer's position is read again.
        Interlocked.MemoryBarrier();
        var written = Volatile.Read(ref _written);
        // The producer may be writing up to _maxWrite samples past its published position, into the slots of
        // positions a whole buffer earlier: the copy is good only if it started after those.
        if (read >= written + _maxWrite - _buffer.Length)
            return true;
        _read = read;
        return false;
    }
}
