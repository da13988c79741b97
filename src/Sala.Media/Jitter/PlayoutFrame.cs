namespace Sala.Media.Jitter;

/// <summary>What one call to <see cref="AudioPlayout.Play"/> wrote into the frame.</summary>
public enum PlayoutFrame
{
    /// <summary>Nothing to play yet: before the first packet, or re-buffering after a long loss.</summary>
    Silence = 0,

    /// <summary>The next packet, decoded (possibly after dropping a quiet one to shrink the delay).</summary>
    Decoded,

    /// <summary>A lost packet rebuilt from the forward error correction data in the packet after it.</summary>
    ConcealedFec,

    /// <summary>A lost packet replaced by the decoder's loss concealment.</summary>
    ConcealedPlc,

    /// <summary>
    /// Loss concealment played without giving up on any packet: the buffer ran empty, the next packet may still
    /// come, or the delay grows at a quiet frame. It adds one frame of delay.
    /// </summary>
    Stretched,
}
