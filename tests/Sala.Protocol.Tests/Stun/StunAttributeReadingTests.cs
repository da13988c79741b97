using System.Text;
using Sala.Protocol.Stun;

namespace Sala.Protocol.Tests.Stun;

/// <summary>
/// Reading attributes out of a parsed message: what MESSAGE-INTEGRITY covers and what it does not (RFC 8489 §14.5),
/// values of the wrong size, ERROR-CODE's bounds (§14.8), and ChannelData's channel range (RFC 8656 §12).
/// </summary>
public sealed class StunAttributeReadingTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("a short-term password");

    private static StunMessage Parse(StunMessageWriter writer)
    {
        Assert.True(StunMessage.TryParse(writer.ToArray(), out var message, out var error), error);
        return message;
    }

    private static StunMessageWriter Request() =>
        new(StunMethod.Binding, StunClass.Request, StunTransactionId.NewRandom());

    [Fact]
    public void A_message_without_integrity_never_verifies()
    {
        var message = Parse(Request().AddString(StunAttributeType.Username, "alice:bob"));

        Assert.False(message.HasIntegrity);
        Assert.False(message.VerifyIntegrity(Key));
    }

    [Fact]
    public void Attributes_appended_after_the_integrity_are_not_read_and_do_not_break_it()
    {
        // Anyone on the path can append bytes after MESSAGE-INTEGRITY; they are outside what it vouches for.
        var signed = Request().AddUInt32(StunAttributeType.Priority, 7).AddMessageIntegrity(Key).ToArray();
        byte[] appended = [0x80, 0x22, 0x00, 0x04, (byte)'e', (byte)'v', (byte)'i', (byte)'l', 0x00, 0x24, 0x00, 0x04, 0, 0, 0, 9];
        byte[] bytes = [.. signed, .. appended];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)(bytes.Length - 20));

        Assert.True(StunMessage.TryParse(bytes, out var message, out var error), error);

        Assert.True(message.HasIntegrity);
        Assert.True(message.VerifyIntegrity(Key));
        Assert.False(message.Has(StunAttributeType.Software));
        Assert.True(message.TryGetUInt32(StunAttributeType.Priority, out var priority));
        Assert.Equal(7u, priority);
    }

    [Fact]
    public void An_absent_attribute_is_absent_by_every_accessor()
    {
        var message = Parse(Request().AddFlag(StunAttributeType.UseCandidate));

        Assert.True(message.Has(StunAttributeType.UseCandidate));
        Assert.False(message.Has(StunAttributeType.Priority));
        Assert.False(message.TryGetValue(StunAttributeType.Priority, out _));
        Assert.Null(message.GetString(StunAttributeType.Username));
        Assert.False(message.TryGetUInt32(StunAttributeType.Priority, out _));
        Assert.False(message.TryGetUInt64(StunAttributeType.IceControlling, out _));
        Assert.False(message.TryGetError(out _, out _));
    }

    [Fact]
    public void Numbers_of_the_wrong_size_are_not_read()
    {
        var message = Parse(Request()
            .Add(StunAttributeType.Priority, [1, 2, 3])
            .Add(StunAttributeType.IceControlling, [1, 2, 3, 4]));

        Assert.False(message.TryGetUInt32(StunAttributeType.Priority, out _));
        Assert.False(message.TryGetUInt64(StunAttributeType.IceControlling, out _));
    }

    [Fact]
    public void Text_that_is_not_UTF8_reads_as_absent()
    {
        var message = Parse(Request().Add(StunAttributeType.Software, [0xC3, 0x28]));
        Assert.Null(message.GetString(StunAttributeType.Software));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(420)]
    [InlineData(699)]
    public void Error_codes_from_300_to_699_are_read(int code)
    {
        var message = Parse(new StunMessageWriter(StunMethod.Binding, StunClass.ErrorResponse, StunTransactionId.NewRandom())
            .AddError(code, "why"));

        Assert.True(message.TryGetError(out var read, out var reason));
        Assert.Equal((code, "why"), (read, reason));
    }

    [Theory]
    [InlineData(0x02, 0x00)] // class 2: 200 is no error
    [InlineData(0x07, 0x00)] // class 7: 700
    [InlineData(0x04, 100)]  // number 100: past 99
    public void Error_codes_outside_their_classes_or_numbers_are_not_read(byte @class, byte number)
    {
        var message = Parse(new StunMessageWriter(StunMethod.Binding, StunClass.ErrorResponse, StunTransactionId.NewRandom())
            .Add(StunAttributeType.ErrorCode, [0, 0, @class, number, (byte)'x']));

        Assert.False(message.TryGetError(out _, out _));
    }

    [Fact]
    public void An_error_code_of_four_bytes_has_an_empty_reason_and_of_three_is_not_read()
    {
        var writer = new StunMessageWriter(StunMethod.Binding, StunClass.ErrorResponse, StunTransactionId.NewRandom());
        Assert.True(Parse(writer.Add(StunAttributeType.ErrorCode, [0, 0, 4, 1])).TryGetError(out var code, out var reason));
        Assert.Equal((401, ""), (code, reason));

        var shorter = new StunMessageWriter(StunMethod.Binding, StunClass.ErrorResponse, StunTransactionId.NewRandom());
        Assert.False(Parse(shorter.Add(StunAttributeType.ErrorCode, [0, 0, 4])).TryGetError(out _, out _));
    }

    [Fact]
    public void Every_unknown_comprehension_required_attribute_is_named()
    {
        var message = Parse(Request().AddFlag(0x0033).AddFlag(0x0034));
        Assert.Equal([(ushort)0x0033, (ushort)0x0034], message.UnknownRequiredAttributes([]));
        Assert.Empty(Parse(Request().AddFlag(0x8033)).UnknownRequiredAttributes([]));
    }

    [Theory]
    [InlineData(0x3FFF, false)]
    [InlineData(0x4000, true)]
    [InlineData(0x4FFF, true)]
    [InlineData(0x5000, false)]
    public void Channel_numbers_are_0x4000_to_0x4FFF(ushort channel, bool valid)
    {
        Assert.Equal(valid, TurnChannelData.IsChannelNumber(channel));
        var frame = new byte[TurnChannelData.HeaderSize];
        TurnChannelData.Write(channel, [], frame);
        Assert.Equal(valid, TurnChannelData.TryRead(frame, out _, out var data));
        Assert.True(data.IsEmpty);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x40 })]
    [InlineData(new byte[] { 0x40, 0x00, 0x00 })]
    public void Fewer_bytes_than_a_channel_data_header_are_refused_without_an_exception(byte[] datagram) =>
        Assert.False(TurnChannelData.TryRead(datagram, out _, out _));
}
