namespace Sala.Audio.Tests;

/// <summary>Tests sharing one PulseAudio: one at a time, since its sinks carry whatever any of them plays.</summary>
[CollectionDefinition(Name)]
public sealed class PulseAudioGroup : ICollectionFixture<PulseAudioFixture>
{
    public const string Name = "PulseAudio";
}
