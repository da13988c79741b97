namespace Sala.Media.Codecs;

/// <summary>Which Opus library Sala encodes and decodes with.</summary>
public enum OpusImplementation
{
    /// <summary>Native libopus when it loads, else Concentus.</summary>
    Auto = 0,

    /// <summary>The system's libopus; creating a codec fails when it is not installed.</summary>
    Native,

    /// <summary>Concentus, the managed port: slower, but runs wherever .NET does.</summary>
    Managed,
}
