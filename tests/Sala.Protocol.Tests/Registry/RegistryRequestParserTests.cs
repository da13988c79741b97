using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Tests.Registry;

public sealed class RegistryRequestParserTests
{
    private static RegistryParseResult Parse(string line) => RegistryRequestParser.Parse(Encoding.UTF8.GetBytes(line));

    [Theory]
    [InlineData("REGISTER alice 192.168.1.20 5000", RegistryCommand.Register, "alice")]
    [InlineData("register Alice 10.0.0.1 1", RegistryCommand.Register, "Alice")]
    [InlineData("REGISTER bob ::1 65535", RegistryCommand.Register, "bob")]
    [InlineData("REGISTER  bob\t127.0.0.1   5000 \r", RegistryCommand.Register, "bob")]
    [InlineData("GET alice", RegistryCommand.Get, "alice")]
    [InlineData("get JOÃO", RegistryCommand.Get, "JOÃO")]
    [InlineData("DISCONNECT alice", RegistryCommand.Disconnect, "alice")]
    [InlineData("LIST", RegistryCommand.List, null)]
    [InlineData("ping\r", RegistryCommand.Ping, null)]
    [InlineData("SEND bob hello", RegistryCommand.Send, "bob")]
    [InlineData("send JOÃO  two  words ", RegistryCommand.Send, "JOÃO")]
    [InlineData("TURN", RegistryCommand.Turn, null)]
    public void Valid_lines_parse(string line, RegistryCommand command, string? name)
    {
        var result = Parse(line);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(command, result.Request.Command);
        Assert.Equal(name, result.Request.Name);
    }

    [Fact]
    public void Register_carries_address_and_port()
    {
        var request = Parse("REGISTER alice 192.168.1.20 5000").Request;
        Assert.Equal(IPAddress.Parse("192.168.1.20"), request.Address);
        Assert.Equal(5000, request.Port);
    }

    [Fact]
    public void Names_are_normalised_to_nfc() =>
        Assert.Equal("João", Parse("GET Joa\u0303o").Request.Name);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("HELLO", "unknown command")]
    [InlineData("REGISTER alice 127.0.0.1", "usage")]
    [InlineData("REGISTER alice 127.0.0.1 5000 extra", "usage")]
    [InlineData("REGISTER alice 999.0.0.1 5000", "ip")]
    [InlineData("REGISTER alice 1 5000", "ip")]
    [InlineData("REGISTER alice 1.2.3 5000", "ip")]
    [InlineData("REGISTER alice localhost 5000", "ip")]
    [InlineData("REGISTER alice 127.0.0.1 0", "port")]
    [InlineData("REGISTER alice 127.0.0.1 70000", "port")]
    [InlineData("REGISTER alice 127.0.0.1 -1", "port")]
    [InlineData("REGISTER alice 127.0.0.1 50a", "port")]
    [InlineData("REGISTER al/ice 127.0.0.1 5000", "name")]
    [InlineData("REGISTER abcdefghijklmnopqrstuvwxyz0123456 127.0.0.1 5000", "name")]
    [InlineData("GET", "usage")]
    [InlineData("GET a b", "usage")]
    [InlineData("LIST all", "usage")]
    [InlineData("PING now", "usage")]
    [InlineData("DISCONNECT", "usage")]
    [InlineData("SEND", "usage")]
    [InlineData("SEND bob", "usage")]
    [InlineData("SEND bob \t ", "usage")]
    [InlineData("SEND b/ob hi", "name")]
    [InlineData("SEND bob a\u0000b", "control")]
    [InlineData("SEND bob a\u007Fb", "control")]
    [InlineData("TURN now", "usage")]
    public void Invalid_lines_give_a_reason(string line, string reasonContains)
    {
        var result = Parse(line);
        Assert.False(result.IsValid);
        Assert.Contains(reasonContains, result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_line_one_byte_short_of_the_limit_parses_and_one_at_the_limit_is_too_long_even_padded_with_blanks()
    {
        // 511 bytes and the '\n' fill a 512-byte line; 512 bytes before the '\n' can never have come through the framer.
        Assert.True(Parse("PING" + new string(' ', 507)).IsValid);
        Assert.True(Parse("PING" + new string(' ', 507) + "\r").IsValid);
        var result = Parse("PING" + new string(' ', 508));
        Assert.False(result.IsValid);
        Assert.Contains("longer than 512", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("REGISTER alice 127.0.0.1 5000 key= sig=")]
    [InlineData("RELEASE alice key= sig=")]
    public void An_empty_identity_key_is_refused_even_with_a_well_formed_signature(string start)
    {
        var result = Parse(start + new string('A', 86));
        Assert.False(result.IsValid);
        Assert.Contains("key=", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_carries_the_name_the_key_and_the_signature()
    {
        var result = Parse("RELEASE alice key=AQID sig=" + new string('A', 86));
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(RegistryCommand.Release, result.Request.Command);
        Assert.Equal("alice", result.Request.Name);
        Assert.Equal([1, 2, 3], result.Request.IdentityKey);
        Assert.Equal(64, result.Request.Signature!.Length);
    }

    [Theory]
    [InlineData("RELEASE alice key=AQID", "usage")]
    [InlineData("RELEASE al/ice key=AQID sig=SIG", "name")]
    [InlineData("RELEASE alice AQID sig=SIG", "key=")]
    [InlineData("RELEASE alice key=!! sig=SIG", "key=")]
    [InlineData("RELEASE alice key=AQID sig=AQID", "sig=")]
    [InlineData("RELEASE alice key=AQID SIG", "sig=")]
    public void Release_refuses_what_is_not_a_name_a_key_and_a_64_byte_signature(string line, string reasonContains)
    {
        var result = Parse(line.Replace("SIG", new string('A', 86), StringComparison.Ordinal));
        Assert.False(result.IsValid);
        Assert.Contains(reasonContains, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_keeps_the_text_as_sent_inside_and_trims_its_ends() =>
        Assert.Equal("CONVITE  alice\tcall=7Fq2", Parse("SEND bob \t CONVITE  alice\tcall=7Fq2 \t\r").Request.Text);

    [Fact]
    public void Send_takes_440_bytes_of_text_and_no_more()
    {
        Assert.Equal(new string('é', 220), Parse("SEND bob " + new string('é', 220)).Request.Text);
        Assert.Equal("text is longer than 440 bytes", Parse("SEND bob " + new string('x', 441)).Error);
    }

    [Fact]
    public void A_msg_line_written_for_the_longest_text_a_sender_may_send_fits_the_line_limit()
    {
        foreach (var from in new[] { "bob", new string('あ', 32), string.Concat(Enumerable.Repeat("\U00020000", 32)) })
        {
            var text = new string('x', MessageLine.MaxTextBytesFrom(from));
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            RegistryReplyWriter.Message(output, from, text);
            Assert.True(output.WrittenCount <= RegistryLineFramer.MaxLineBytes);
            Assert.True(MessageLine.Fits(from, text));
            Assert.False(MessageLine.Fits(from, text + "x"));
        }
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var result = RegistryRequestParser.Parse([(byte)'G', (byte)'E', (byte)'T', (byte)' ', 0xC3, 0x28]);
        Assert.Contains("UTF-8", result.Error, StringComparison.Ordinal);
    }

    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public void Any_bytes_give_a_request_or_a_reason(byte[] bytes)
    {
        var result = RegistryRequestParser.Parse(bytes);
        Assert.True(result.IsValid || !string.IsNullOrEmpty(result.Error));
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Lines_built_from_protocol_words_never_throw() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Elements("REGISTER", "GET", "DISCONNECT", "LIST", "PING", "SEND", "TURN", "alice", "João", "1.2.3.4", "::1",
                "5000", "0", "70000", " ", "\t", "\r", "é", "\u0000", "x/y")).Select(string.Concat).ToArbitrary(),
            line =>
            {
                var result = Parse(line);
                return result.IsValid ? result.Request.Command is >= RegistryCommand.Register and <= RegistryCommand.Turn
                    : result.Error!.Length > 0;
            });
}
