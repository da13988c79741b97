namespace Sala.Media.Tests.Jitter;

internal enum DecoderCallKind
{
    Decode,
    Fec,
    Plc,
}
