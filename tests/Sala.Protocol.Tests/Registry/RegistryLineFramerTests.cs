using System.Buffers;
using System.Text;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Tests.Registry;

public sealed class RegistryLineFramerTests
{
    [Theory]
    [InlineData("REGISTER alice 192.168.1.20 5000\n")]
    [InlineData("GET João\r\n")]
    [InlineData("LIST\n")]
    public void Every_prefix_of_a_line_needs_more_data(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.Equal(LineStatus.NeedMoreData, RegistryLineFramer.TryReadLine(ref buffer, out _));
            Assert.Equal(length, buffer.Length);
        }
        var whole = new ReadOnlySequence<byte>(bytes);
        Assert.Equal(LineStatus.Complete, RegistryLineFramer.TryReadLine(ref whole, out var found));
        Assert.Equal(bytes.Length - 1, found.Length);
        Assert.Equal(0, whole.Length);
    }

    [Fact]
    public void Two_lines_in_one_read_come_out_one_at_a_time()
    {
        var buffer = new ReadOnlySequence<byte>("PING\nLIST\nGE"u8.ToArray());
        Assert.Equal(LineStatus.Complete, RegistryLineFramer.TryReadLine(ref buffer, out var first));
        Assert.Equal("PING", Encoding.ASCII.GetString(first.ToArray()));
        Assert.Equal(LineStatus.Complete, RegistryLineFramer.TryReadLine(ref buffer, out var second));
        Assert.Equal("LIST", Encoding.ASCII.GetString(second.ToArray()));
        Assert.Equal(LineStatus.NeedMoreData, RegistryLineFramer.TryReadLine(ref buffer, out _));
        Assert.Equal(2, buffer.Length);
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_accepted_and_one_byte_more_is_too_long()
    {
        var atLimit = new byte[RegistryLineFramer.MaxLineBytes];
        atLimit.AsSpan().Fill((byte)'a');
        atLimit[^1] = (byte)'\n';
        var buffer = new ReadOnlySequence<byte>(atLimit);
        Assert.Equal(LineStatus.Complete, RegistryLineFramer.TryReadLine(ref buffer, out _));

        var over = new byte[RegistryLineFramer.MaxLineBytes + 1];
        over.AsSpan().Fill((byte)'a');
        over[^1] = (byte)'\n';
        buffer = new ReadOnlySequence<byte>(over);
        Assert.Equal(LineStatus.TooLong, RegistryLineFramer.TryReadLine(ref buffer, out _));
    }

    [Fact]
    public void Bytes_without_a_newline_are_too_long_as_soon_as_they_fill_the_limit()
    {
        var shortOfTheLimit = new byte[RegistryLineFramer.MaxLineBytes - 1];
        shortOfTheLimit.AsSpan().Fill((byte)'a');
        var buffer = new ReadOnlySequence<byte>(shortOfTheLimit);
        Assert.Equal(LineStatus.NeedMoreData, RegistryLineFramer.TryReadLine(ref buffer, out _));

        var full = new byte[RegistryLineFramer.MaxLineBytes];
        full.AsSpan().Fill((byte)'a');
        buffer = new ReadOnlySequence<byte>(full);
        Assert.Equal(LineStatus.TooLong, RegistryLineFramer.TryReadLine(ref buffer, out _));
    }

    [Fact]
    public void A_line_split_across_segments_is_found()
    {
        var first = new Segment("GET al"u8.ToArray(), 0);
        var last = first.Append("ice\nPI"u8.ToArray());
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.Equal(LineStatus.Complete, RegistryLineFramer.TryReadLine(ref buffer, out var line));
        Assert.Equal("GET alice", Encoding.ASCII.GetString(line.ToArray()));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
