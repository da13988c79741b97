using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Sala.Protocol.Rtcp;

/// <summary>
/// An RTCP receiver report (RFC 3550 §6.4.2, PT 201): sent by a participant that has not sent RTP since its last
/// report, with up to 31 reception report blocks about the sources it hears.
/// </summary>
public sealed class ReceiverReport
{
    /// <summary>The 5-bit reception report count caps the blocks in one packet (RFC 3550 §6.4.2).</summary>
    public const int MaxReportBlocks = 31;

    private const int FixedLength = RtcpHeader.Length + 4;

    public ReceiverReport(uint ssrc, params ReadOnlySpan<ReportBlock> reportBlocks)
        : this(ssrc, ImmutableArray.Create(reportBlocks))
    {
    }

    private ReceiverReport(uint ssrc, ImmutableArray<ReportBlock> reportBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reportBlocks.Length, MaxReportBlocks, nameof(reportBlocks));
        Ssrc = ssrc;
        ReportBlocks = reportBlocks;
    }

    /// <summary>The reporter's SSRC.</summary>
    public uint Ssrc { get; }

    public ImmutableArray<ReportBlock> ReportBlocks { get; }

    /// <summary>Bytes this packet takes on the wire: header, SSRC and 24 bytes a block.</summary>
    public int Length => FixedLength + ReportBlock.Length * ReportBlocks.Length;

    /// <summary>Writes this packet alone (no padding) and returns its <see cref="Length"/>.</summary>
    public int WriteTo(Span<byte> destination)
    {
        var length = Length;
        if (destination.Length < length)
            throw new ArgumentException($"This receiver report needs {length} bytes.", nameof(destination));
        RtcpHeader.Write(destination, ReportBlocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        for (var i = 0; i < ReportBlocks.Length; i++)
            ReportBlocks[i].WriteTo(destination[(FixedLength + ReportBlock.Length * i)..]);
        return length;
    }

    /// <summary>
    /// Reads an RR whose header has been checked; false when <paramref name="content"/> (the packet without its
    /// padding) is too short for its count. Bytes after the blocks are a profile-specific extension and are skipped.
    /// </summary>
    internal static bool TryRead(ReadOnlySpan<byte> content, out ReceiverReport? report)
    {
        report = null;
        var count = content[0] & 0x1F;
        if (content.Length < FixedLength + ReportBlock.Length * count)
            return false;
        report = new ReceiverReport(
            BinaryPrimitives.ReadUInt32BigEndian(content[4..]), ReadBlocks(content[FixedLength..], count));
        return true;
    }

    internal static ImmutableArray<ReportBlock> ReadBlocks(ReadOnlySpan<byte> source, int count)
    {
        if (count == 0)
            return [];
        var blocks = ImmutableArray.CreateBuilder<ReportBlock>(count);
        for (var i = 0; i < count; i++)
            blocks.Add(ReportBlock.Read(source[(ReportBlock.Length * i)..]));
        return blocks.MoveToImmutable();
    }
}
