using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Sala.Protocol.Registry;

namespace Sala.Protocol.Tests.Registry;

public sealed class RegistryRequestWriterTests
{
    private static readonly Gen<string> Names = Gen.OneOf(
        Gen.Elements("alice", "Bob", "João", "ユーザー", "a.b_c-d", "x1", "Ωμέγα", "नमस्ते", new string('あ', 32), "\U00020000"),
        Gen.Elements("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-".ToCharArray())
            .ArrayOf().Where(a => a.Length is >= 1 and <= UserName.MaxLength).Select(a => new string(a)));

    private static readonly Gen<IPAddress> Addresses = Gen.OneOf(
        Gen.Choose(0, 255).ArrayOf(4).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray())),
        Gen.Choose(0, 255).ArrayOf(16).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray())));

    private static readonly Gen<byte[]> Keys = Gen.Choose(1, 160).SelectMany(n => Gen.Choose(0, 255).ArrayOf(n))
        .Select(b => b.Select(x => (byte)x).ToArray());

    private static readonly Gen<byte[]> Signatures = Gen.Choose(0, 255).ArrayOf(64).Select(b => b.Select(x => (byte)x).ToArray());

    /// <summary>Texts as a call offer's: printable ASCII, accents and CJK, inner blanks; trimmed, as the server keeps them.</summary>
    private static readonly Gen<string> Texts =
        Gen.Elements(" ", "\t", "a", "Z", "0", "=", "é", "語", "~", "call=7Fq2", "CONVITE")
            .ArrayOf().Where(a => a.Length is >= 1 and <= 60).Select(string.Concat)
            .Select(t => t.Trim(' ', '\t')).Where(t => t.Length > 0);

    private static readonly Gen<RegistryRequest> Requests =
        from command in Gen.Elements(Enum.GetValues<RegistryCommand>())
        from name in Names
        from address in Addresses
        from port in Gen.Choose(1, 65535)
        from proved in Gen.Elements(true, false)
        from key in Keys
        from signature in Signatures
        from text in Texts
        select command switch
        {
            RegistryCommand.Register => proved
                ? RegistryRequest.Register(name, address, port) with { IdentityKey = key, Signature = signature }
                : RegistryRequest.Register(name, address, port),
            RegistryCommand.Get => RegistryRequest.Get(name),
            RegistryCommand.Disconnect => RegistryRequest.Disconnect(name),
            RegistryCommand.List => RegistryRequest.List(),
            RegistryCommand.Ping => RegistryRequest.Ping(),
            RegistryCommand.Send => RegistryRequest.Send(name, text),
            RegistryCommand.Turn => RegistryRequest.Turn(),
            RegistryCommand.Nonce => RegistryRequest.Nonce(),
            _ => RegistryRequest.Release(name, key, signature),
        };

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public Property Every_request_the_writer_takes_the_server_parses_back_to_the_same_request() =>
        Prop.ForAll(Requests.ToArbitrary(), request =>
        {
            if (!RegistryRequestWriter.TryWrite(request, new byte[RegistryLineFramer.MaxLineBytes], out _, out var whyNot))
                // Only a line too long may be refused: a long name in UTF-8 with a long key leaves no room.
                return whyNot!.Contains("longer than", StringComparison.Ordinal);
            var line = RegistryRequestWriter.ToLine(request);
            var parsed = RegistryRequestParser.Parse(line.AsSpan(0, line.Length - 1));
            return line[^1] == (byte)'\n' && line.Length <= RegistryLineFramer.MaxLineBytes && parsed.IsValid
                && Same(Normalized(request), parsed.Request);
        });

    /// <summary>
    /// Any string without blanks as a name (lone surrogates too, which go out as U+FFFD): the writer refuses exactly
    /// what the server refuses, with its reason.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 2000)]
    public Property The_writer_refuses_a_name_exactly_when_the_server_does_and_says_why_as_it_does() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), raw =>
        {
            var name = raw.Get;
            // Blanks separate fields, and a trailing '\r' is the line's: such a name is no name in a GET line.
            if (name.AsSpan().ContainsAny(" \t\r\n"))
                return true;
            var server = RegistryRequestParser.Parse(Encoding.UTF8.GetBytes("GET " + name));
            var written = RegistryRequestWriter.TryWrite(RegistryRequest.Get(name), new byte[RegistryLineFramer.MaxLineBytes], out _, out var whyNot);
            return written == server.IsValid && (written || whyNot == server.Error);
        });

    [Fact]
    public void Names_go_out_in_nfc_as_the_server_would_register_them() =>
        Assert.Equal("GET João\n"u8.ToArray(), RegistryRequestWriter.ToLine(RegistryRequest.Get("Joa\u0303o")));

    [Fact]
    public void Register_with_a_proof_writes_key_and_sig_in_base64url()
    {
        var line = RegistryRequestWriter.ToLine(
            RegistryRequest.Register("alice", IPAddress.Parse("10.0.0.1"), 5000) with { IdentityKey = [0xFB, 0xFF], Signature = new byte[64] });
        Assert.Equal("REGISTER alice 10.0.0.1 5000 key=-_8 sig=" + new string('A', 86) + "\n", Encoding.UTF8.GetString(line));
    }

    [Theory]
    [InlineData("bad/name", "letters, digits")]
    [InlineData("", "empty")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", "longer than 32")]
    public void A_name_the_server_would_refuse_is_refused_with_its_reason(string name, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(RegistryRequest.Get(name)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("one\nREGISTER mallory 1.2.3.4 5", "control")]
    [InlineData("  \t ", "empty")]
    public void A_text_that_would_break_the_line_is_refused(string text, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(RegistryRequest.Send("bob", text)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_send_longer_than_a_line_is_refused_though_its_text_alone_would_fit()
    {
        Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(RegistryRequest.Send("bob", new string('x', 441))));
        var ex = Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(RegistryRequest.Send(new string('あ', 32), new string('x', 440))));
        Assert.Contains("512-byte line", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void A_port_out_of_range_is_refused(int port) =>
        Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(RegistryRequest.Register("alice", IPAddress.Loopback, port)));

    [Fact]
    public void A_proof_the_server_would_refuse_is_refused()
    {
        var register = RegistryRequest.Register("alice", IPAddress.Loopback, 5000);
        Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(register with { IdentityKey = [1] }));
        Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(register with { IdentityKey = [1], Signature = new byte[63] }));
        Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(register with { IdentityKey = new byte[161], Signature = new byte[64] }));
        Assert.Throws<ArgumentException>(() => RegistryRequestWriter.ToLine(RegistryRequest.Release("alice", [], new byte[64])));
    }

    private static RegistryRequest Normalized(RegistryRequest request)
    {
        if (request.Name is null)
            return request;
        UserName.TryNormalize(request.Name, out var name, out _);
        return request with { Name = name };
    }

    private static bool Same(RegistryRequest a, RegistryRequest b) =>
        a.Command == b.Command && a.Name == b.Name && Equals(a.Address, b.Address) && a.Port == b.Port && a.Text == b.Text
        && (a.IdentityKey ?? []).AsSpan().SequenceEqual(b.IdentityKey ?? [])
        && (a.Signature ?? []).AsSpan().SequenceEqual(b.Signature ?? []);
}
