namespace Sala.Protocol.Security;

/// <summary>
/// RFC 3711 §3.3.2: the packet indices seen lately, as a 64-bit window below the highest. A packet older than the
/// window or already in it is a replay. Reordered packets within the window are fine (the jitter buffer wants them).
/// </summary>
internal sealed class ReplayWindow
{
    private const int Size = 64;
    private long _highest = -1;
    private ulong _seen;

    public long Highest => _highest;

    public bool IsReplay(long index)
    {
        if (_highest < 0 || index > _highest)
            return false;
        var age = _highest - index;
        return age >= Size || (_seen & (1UL << (int)age)) != 0;
    }

    /// <summary>Records an authenticated packet.</summary>
    public void Accept(long index)
    {
        if (_highest < 0)
        {
            _highest = index;
            _seen = 1;
        }
        else if (index > _highest)
        {
            var shift = index - _highest;
            _seen = shift >= Size ? 1 : (_seen << (int)shift) | 1;
            _highest = index;
        }
        else
        {
            _seen |= 1UL << (int)(_highest - index);
        }
    }
}
