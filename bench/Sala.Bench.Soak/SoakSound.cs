namespace Sala.Bench.Soak;

/// <summary>What the call soak's two sides send (--mic).</summary>
internal enum SoakSound
{
    Tone,
    Speech,
}
