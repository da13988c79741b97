using System.Buffers;
using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sala.Protocol.Identity;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Tests.Registry;

public sealed class RegistryReplyParserTests
{
    private static readonly Gen<string> Names =
        Gen.Elements("alice", "Bob", "João", "ユーザー", "a.b_c-d", "x1", "OK", "BYE", "REGISTERED", "5", new string('あ', 32));

    private static readonly Gen<IPAddress> Addresses = Gen.OneOf(
        Gen.Choose(0, 255).ArrayOf(4).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray())),
        Gen.Choose(0, 255).ArrayOf(16).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray())));

    private static readonly Gen<IdentityFingerprint?> Identities = Gen.OneOf(
        Gen.Constant<IdentityFingerprint?>(null),
        Gen.Choose(0, 255).ArrayOf(91).Select(b => (IdentityFingerprint?)IdentityFingerprint.Of(b.Select(x => (byte)x).ToArray())));

    private static readonly Gen<RegistryEntry> Entries =
        from name in Names
        from address in Addresses
        from port in Gen.Choose(1, 65535)
        from identity in Identities
        select new RegistryEntry(name, address, port, identity);

    private static readonly Gen<string> Words =
        Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789:/+=.-_é語".ToCharArray()).ArrayOf()
            .Where(a => a.Length is >= 1 and <= 40).Select(a => new string(a));

    private static readonly Gen<string> Reasons =
        Words.ArrayOf().Where(a => a.Length <= 8).Select(a => string.Join(' ', a));

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public Property Found_and_list_entries_read_back_what_the_server_wrote() =>
        Prop.ForAll(Entries.ToArbitrary(), entry =>
        {
            var found = Line(o => RegistryReplyWriter.Found(o, entry.Name, entry.Address, entry.Port, entry.Identity?.Text));
            var listed = Line(o => RegistryReplyWriter.ListEntry(o, entry.Name, entry.Address, entry.Port, entry.Identity?.Text));
            return RegistryReplyParser.TryParseFound(found, out var fromGet) && fromGet == entry
                && RegistryReplyParser.TryParseEntry(listed, out var fromList) && fromList == entry
                && RegistryReplyParser.Classify(found) == RegistryLineKind.Reply;
        });

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Name_replies_read_back_the_name_and_only_as_their_own_answer() =>
        Prop.ForAll(Names.ToArbitrary(), name =>
        {
            var registered = Line(o => RegistryReplyWriter.Registered(o, name));
            var released = Line(o => RegistryReplyWriter.Released(o, name));
            var sent = Line(o => RegistryReplyWriter.Sent(o, name));
            return RegistryReplyParser.TryParseRegistered(registered, out var a) && a == name
                && RegistryReplyParser.TryParseReleased(released, out var b) && b == name
                && RegistryReplyParser.TryParseSent(sent, out var c) && c == name
                && !RegistryReplyParser.TryParseRegistered(sent, out _) && !RegistryReplyParser.TryParseSent(registered, out _)
                && !RegistryReplyParser.TryParseFound(registered, out _) && !RegistryReplyParser.TryParseError(registered, out _);
        });

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Errors_read_back_their_code_and_reason() =>
        Prop.ForAll(Gen.Elements(ErrorCodes).ToArbitrary(), Reasons.ToArbitrary(), (code, reason) =>
        {
            var line = Line(o => RegistryReplyWriter.Error(o, code, reason));
            return RegistryReplyParser.TryParseError(line, out var error) && error == new RegistryError(code, reason)
                && RegistryReplyParser.Classify(line) == RegistryLineKind.Reply
                && !RegistryReplyParser.TryParseFound(line, out _);
        });

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Turn_credentials_read_back_what_the_server_wrote() =>
        Prop.ForAll(
            (from host in Words from port in Gen.Choose(1, 65535) from password in Words from ttl in Gen.Choose(0, int.MaxValue)
             select (host, port, password, ttl)).ToArbitrary(),
            offer =>
            {
                var (host, port, password, ttl) = offer;
                var username = TurnRestCredentials.Username(DateTimeOffset.FromUnixTimeSeconds(ttl), "João");
                var line = Line(o => RegistryReplyWriter.Turn(o, host, port, username, password, ttl));
                return RegistryReplyParser.TryParseTurn(line, out var credentials)
                    && credentials == new TurnCredentials(host, port, username, password, TimeSpan.FromSeconds(ttl));
            });

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public Property Nonces_and_list_headers_read_back() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (nonce, count) =>
        {
            var nonceLine = Line(o => RegistryReplyWriter.Nonce(o, nonce));
            var header = Line(o => RegistryReplyWriter.ListHeader(o, count));
            // An empty nonce leaves no word after NONCE: not a nonce the server sends (it sends 16 bytes).
            return (nonce.Length == 0 || (RegistryReplyParser.TryParseNonce(nonceLine, out var read) && read.AsSpan().SequenceEqual(nonce)))
                && RegistryReplyParser.TryParseListHeader(header, out var n) && n == count;
        });

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public Property Messages_read_back_sender_and_text() =>
        Prop.ForAll(Names.ToArbitrary(), Reasons.Where(r => r.Length > 0).ToArbitrary(), (from, text) =>
        {
            var line = Line(o => RegistryReplyWriter.Message(o, from, text));
            return RegistryReplyParser.Classify(line) == RegistryLineKind.Message
                && RegistryReplyParser.TryParseMessage(line, out var f, out var t) && (f, t) == (from, text);
        });

    [FsCheck.Xunit.Property(MaxTest = 3000)]
    public bool Any_bytes_give_true_or_false_and_never_throw(byte[] line)
    {
        _ = RegistryReplyParser.Classify(line);
        _ = RegistryReplyParser.TryParseError(line, out _);
        _ = RegistryReplyParser.IsPong(line) | RegistryReplyParser.IsDisconnected(line);
        _ = RegistryReplyParser.TryParseRegistered(line, out _) | RegistryReplyParser.TryParseReleased(line, out _) | RegistryReplyParser.TryParseSent(line, out _);
        _ = RegistryReplyParser.TryParseFound(line, out _) | RegistryReplyParser.TryParseEntry(line, out _);
        _ = RegistryReplyParser.TryParseListHeader(line, out _) | RegistryReplyParser.TryParseNonce(line, out _);
        _ = RegistryReplyParser.TryParseTurn(line, out _) | RegistryReplyParser.TryParseMessage(line, out _, out _);
        return true;
    }

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Lines_built_from_reply_words_never_throw() =>
        Prop.ForAll(
            Gen.Elements("OK", "ERR", "PONG", "BYE", "MSG", "TURN", "NONCE", "REGISTERED", " ", "  ", "\r", "\t", "alice", "1.2.3.4",
                "::1", "5000", "70000", "-1", "99999999999999999999", "id=", "id=AAAA", "é", "\u0000", "A_-").ArrayOf()
                .Select(string.Concat).ToArbitrary(),
            text =>
            {
                var line = Encoding.UTF8.GetBytes(text);
                _ = RegistryReplyParser.Classify(line);
                _ = RegistryReplyParser.TryParseFound(line, out _) | RegistryReplyParser.TryParseTurn(line, out _);
                _ = RegistryReplyParser.TryParseError(line, out _) | RegistryReplyParser.TryParseMessage(line, out _, out _);
                return true;
            });

    [Theory]
    [InlineData("OK REGISTERED alice", RegistryLineKind.Reply)]
    [InlineData("ERR NOT_FOUND bob", RegistryLineKind.Reply)]
    [InlineData("PONG", RegistryLineKind.Reply)]
    [InlineData("PONG\r", RegistryLineKind.Reply)]
    [InlineData("OK BYE", RegistryLineKind.Reply)]
    [InlineData("BYE SHUTDOWN", RegistryLineKind.Shutdown)]
    [InlineData("MSG alice hello there", RegistryLineKind.Message)]
    [InlineData("NOTICE maintenance at noon", RegistryLineKind.Unsolicited)]
    [InlineData("ERR", RegistryLineKind.Unsolicited)]
    [InlineData("MSG alice", RegistryLineKind.Unsolicited)]
    [InlineData("", RegistryLineKind.Unsolicited)]
    public void Lines_are_told_apart(string line, RegistryLineKind kind) =>
        Assert.Equal(kind, RegistryReplyParser.Classify(Encoding.UTF8.GetBytes(line)));

    [Theory]
    [InlineData("MSG alice hello there", "alice", "hello there")]
    [InlineData("MSG João CONVITE  João 1.2.3.4 5000\r", "João", "CONVITE  João 1.2.3.4 5000")]
    public void Msg_lines_give_the_sender_and_the_text(string line, string from, string text)
    {
        Assert.True(RegistryReplyParser.TryParseMessage(Encoding.UTF8.GetBytes(line), out var parsedFrom, out var parsedText));
        Assert.Equal((from, text), (parsedFrom, parsedText));
    }

    [Theory]
    [InlineData("MSG alice")]
    [InlineData("MSG alice ")]
    [InlineData("MSG")]
    [InlineData("msg alice hi")]
    [InlineData("OK SENT bob")]
    [InlineData("BYE SHUTDOWN")]
    public void Other_lines_are_not_msg_lines(string line) =>
        Assert.False(RegistryReplyParser.TryParseMessage(Encoding.UTF8.GetBytes(line), out _, out _));

    [Theory]
    [InlineData("OK REGISTERED 1.2.3.4 5000", true, false)]
    [InlineData("OK REGISTERED alice", false, true)]
    public void A_user_called_like_a_reply_word_is_read_by_the_request_it_answers(string line, bool isFound, bool isRegistered)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.Equal(isFound, RegistryReplyParser.TryParseFound(bytes, out _));
        Assert.Equal(isRegistered, RegistryReplyParser.TryParseRegistered(bytes, out _));
    }

    [Theory]
    [InlineData("OK alice 1.2.3.4 0")]
    [InlineData("OK alice 1.2.3 5000")]
    [InlineData("OK alice 1.2.3.4 5000 id=short")]
    [InlineData("OK alice 1.2.3.4 5000 key=AAAA")]
    [InlineData("OK alice 1.2.3.4 5000 id=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA extra")]
    [InlineData("OK alice 1.2.3.4")]
    public void Malformed_entries_are_refused(string line) =>
        Assert.False(RegistryReplyParser.TryParseFound(Encoding.UTF8.GetBytes(line), out _));

    [Fact]
    public void A_turn_lifetime_beyond_what_a_timespan_holds_is_refused_not_thrown() =>
        Assert.False(RegistryReplyParser.TryParseTurn("OK TURN relay 3478 1:a pw 99999999999999"u8, out _));

    [Fact]
    public void A_list_header_too_large_for_an_int_is_no_header() =>
        Assert.False(RegistryReplyParser.TryParseListHeader("OK 2147483648"u8, out _));

    private static readonly string[] ErrorCodes =
    [
        RegistryErrorCode.NameTaken, RegistryErrorCode.NameClaimed, RegistryErrorCode.BadProof, RegistryErrorCode.NotFound,
        RegistryErrorCode.NotOwner, RegistryErrorCode.BadRequest, RegistryErrorCode.NotRegistered, RegistryErrorCode.Unavailable,
        RegistryErrorCode.RateLimited, RegistryErrorCode.Busy,
    ];

    /// <summary>What the server wrote, as the client's framer hands it on: one line without its '\n'.</summary>
    private static byte[] Line(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        Assert.Equal((byte)'\n', output.WrittenSpan[^1]);
        Assert.Equal(1, output.WrittenSpan.Count((byte)'\n'));
        return output.WrittenSpan[..^1].ToArray();
    }
}
