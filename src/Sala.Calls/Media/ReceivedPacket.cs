namespace Sala.Calls.Media;

/// <summary>An RTP packet copied off the receive thread into a pooled buffer, waiting for the audio loop.</summary>
internal sealed class ReceivedPacket
{
    public const int Capacity = 2048;

    public byte[] Buffer { get; } = new byte[Capacity];

    public int Length { get; set; }

    public TimeSpan Arrival { get; set; }
}
