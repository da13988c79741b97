namespace Sala.Media.Jitter;

/// <summary>What the jitter buffer did with a received packet.</summary>
public enum PutResult
{
    /// <summary>Stored for playout.</summary>
    Accepted = 0,

    /// <summary>The same sequence number is already buffered or was already played.</summary>
    Duplicate,

    /// <summary>Its sequence number was already played or given up as lost.</summary>
    Late,

    /// <summary>
    /// A sequence number far from the stream's (RFC 3550 §A.1): dropped unless the next packet follows it, in which
    /// case the stream is taken to have restarted and the buffer starts over.
    /// </summary>
    OutOfSequence,

    /// <summary>Payload too large, payload type outside 0..127 or without a decoder.</summary>
    Rejected,
}
