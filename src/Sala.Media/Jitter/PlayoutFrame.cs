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

    /// <summary>
    /// The codec's comfort noise over a pause of the sender: nothing to play after a quiet frame, a sender in DTX
    /// skipping the frames of its pause (RFC 7587 §3.1.3). Not a loss; its frames are caught up once the next packet
    /// comes, so the pause adds no delay.
    /// </summary>
    ComfortNoise,
}
