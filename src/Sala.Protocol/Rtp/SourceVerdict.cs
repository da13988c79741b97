namespace Sala.Protocol.Rtp;

/// <summary>What a receiver does with an RTP packet, by its SSRC (see <see cref="RtpSourceSelection"/>).</summary>
public enum SourceVerdict
{
    /// <summary>From the source being played: play it.</summary>
    Play,

    /// <summary>From a new source that has just passed probation and replaces the old one: start over, then play it.</summary>
    Switch,

    /// <summary>From another source, on probation: drop it and count it.</summary>
    Probation,
}
