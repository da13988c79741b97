using System.Net;
using Sala.Calls.Media;
using Sala.Calls.Media.Pacing;
using Sala.Calls.Security;
using Sala.Media.Codecs;
using Sala.Protocol.Calls;
using Sala.Protocol.Identity;

namespace Sala.Calls;

public sealed record CallAgentOptions(string LocalName, IPEndPoint AdvertisedEndPoint)
{
    /// <summary>Whether <see cref="Dtx"/> is on unless asked otherwise.</summary>
    public const bool DefaultDtx = true;

    /// <summary>The codec this side sends: <c>opus</c> or <c>pcm</c>. Either side decodes both.</summary>
    public string Codec { get; init; } = AudioCodecs.OpusName;

    /// <summary>
    /// The packet time, in milliseconds, this side asks the peer to send (<c>ptime=</c> in CONVITE and ACEITO;
    /// <c>--frame</c>): 10, 20, 40 or 60. Null asks nothing, which means 20. Longer packets cost less on the wire and add
    /// their length to the delay; 10 ms packets run the call's audio on 10 ms frames, for the lowest delay.
    /// </summary>
    public int? PacketTime { get; init; }

    public CallTimings Timings { get; init; } = CallTimings.Default;

    public EncryptionPolicy Encryption { get; init; } = EncryptionPolicy.Required;

    /// <summary>Whether <see cref="PostQuantum"/> is on unless asked otherwise.</summary>
    public const bool DefaultPostQuantum = true;

    /// <summary>
    /// Encrypted calls add ML-KEM-768 to ECDH (<c>pq=</c> in CONVITE and ACEITO), so a recording stays secret against
    /// a future quantum computer; a peer without it gets ECDH alone. Off (<c>--no-post-quantum</c>), this side's
    /// CONVITE offers no key and answers none: its CONVITE and ACEITO stay a few hundred bytes, never IP-fragmented.
    /// </summary>
    public bool PostQuantum { get; init; } = DefaultPostQuantum;

    /// <summary>Echo cancellation and noise suppression on the microphone; off unless asked (the client asks with real devices).</summary>
    public VoiceProcessingOptions VoiceProcessing { get; init; } = VoiceProcessingOptions.Off;

    /// <summary>Tests only: steps each call's audio frames by hand instead of a device's or the system's clock.</summary>
    public ManualFrameClock? FrameClock { get; init; }

    /// <summary>
    /// Opus discontinuous transmission: in a pause the encoder's own voice detection stops the packets but one every
    /// 400 ms, and the peer plays comfort noise. On by default; PCM has none.
    /// </summary>
    public bool Dtx { get; init; } = DefaultDtx;

    /// <summary>Debugging: where each call's SRTP keys are written (<c>--key-log</c>); none by default.</summary>
    public SrtpKeyLog? KeyLog { get; init; }

    /// <summary>
    /// This user's identity key (issue 16): an encrypted call's CONVITE and ACEITO are signed by it, and so are its
    /// refusals and cancels. None by default; the agent does not own it (the caller disposes of it).
    /// </summary>
    public IdentityKey? Identity { get; init; }
}
