using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Sala.Protocol.Registry;

/// <summary>
/// Appends the parts of one protocol line into a fixed span; once a part does not fit, the line is marked overflowed
/// and nothing more is written, so a writer checks once at the end instead of after every part.
/// </summary>
internal ref struct Utf8LineBuilder
{
    private readonly Span<byte> _destination;

    public Utf8LineBuilder(Span<byte> destination) => _destination = destination;

    public int Length { get; private set; }

    public bool Overflowed { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _destination[..Length];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (!Overflowed && bytes.TryCopyTo(_destination[Length..]))
            Length += bytes.Length;
        else
            Overflowed = true;
    }

    public void Append(string text)
    {
        if (!Overflowed && Encoding.UTF8.TryGetBytes(text, _destination[Length..], out var written))
            Length += written;
        else
            Overflowed = true;
    }

    public void Append<T>(T value)
        where T : IUtf8SpanFormattable
    {
        if (!Overflowed && value.TryFormat(_destination[Length..], out var written, default, CultureInfo.InvariantCulture))
            Length += written;
        else
            Overflowed = true;
    }

    public void AppendBase64Url(ReadOnlySpan<byte> data)
    {
        if (!Overflowed && Base64Url.EncodeToUtf8(data, _destination[Length..], out _, out var written) == OperationStatus.Done)
            Length += written;
        else
            Overflowed = true;
    }
}
