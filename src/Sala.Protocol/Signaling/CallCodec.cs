namespace Sala.Protocol.Signaling;

/// <summary>The <c>codec=</c> field: the codec a side sends with (<c>opus</c> or <c>pcm</c> on the wire).</summary>
public enum CallCodec
{
    Opus,
    Pcm,
}
