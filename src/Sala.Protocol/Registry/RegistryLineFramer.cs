using System.Buffers;

namespace Sala.Protocol.Registry;

/// <summary>
/// Finds the next line in received bytes. The search is capped at <see cref="MaxLineBytes"/> before scanning, so a
/// peer that never sends '\n' costs at most that much, and nothing is consumed unless a whole line is there.
/// </summary>
public static class RegistryLineFramer
{
    /// <summary>The longest line, its '\n' included (MISSION.md section 2).</summary>
    public const int MaxLineBytes = 512;

    public static LineStatus TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var window = buffer.Length > MaxLineBytes ? buffer.Slice(0, MaxLineBytes) : buffer;
        var newline = window.PositionOf((byte)'\n');
        if (newline is { } end)
        {
            line = buffer.Slice(0, end);
            buffer = buffer.Slice(buffer.GetPosition(1, end));
            return LineStatus.Complete;
        }
        line = default;
        return buffer.Length >= MaxLineBytes ? LineStatus.TooLong : LineStatus.NeedMoreData;
    }
}
