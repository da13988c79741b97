using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sala.Protocol.Signaling;

namespace Sala.Protocol.Tests.Signaling;

public sealed class SignalingPropertyTests
{
    private const string IdChars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly Gen<string> CallIds =
        Gen.Elements(IdChars.ToCharArray()).ArrayOf().Where(a => a.Length is >= 1 and <= 32).Select(a => new string(a));

    private static readonly Gen<string> Names = Gen.Elements("alice", "Bob", "João", "ユーザー", "a.b_c-d", "x1");

    private static readonly Gen<IPAddress> Addresses = Gen.OneOf(
        Gen.Choose(0, 255).ArrayOf(4).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray())),
        Gen.Choose(0, 255).ArrayOf(16).Select(b => new IPAddress(b.Select(x => (byte)x).ToArray()))
            .Where(a => !a.IsIPv4MappedToIPv6));

    private static readonly Gen<string> Printable =
        Gen.Choose('!', '~').Select(c => (char)c).NonEmptyListOf().Select(c => new string([.. c]));

    private static readonly Gen<Dictionary<string, string>> Others =
        Gen.Zip(Printable.Where(k => !k.Contains('=', StringComparison.Ordinal)), Printable).ListOf()
            .Select(pairs => pairs
                .Where(p => p.Item1 is not ("call" or "codec" or "reason" or "ack"))
                .Take(8)
                .DistinctBy(p => p.Item1)
                .ToDictionary(p => p.Item1, p => p.Item2));

    private static readonly Gen<SignalingMessage> Messages =
        from id in CallIds
        from kind in Gen.Elements(Enum.GetValues<SignalingKind>())
        from name in Names
        from address in Addresses
        from port in Gen.Choose(1, 65535)
        from codec in Gen.Elements<CallCodec?>(null, CallCodec.Opus, CallCodec.Pcm)
        from rejectReason in Gen.Elements<SignalingReason?>(
            null, SignalingReason.Busy, SignalingReason.Declined, SignalingReason.Unavailable)
        from hangupReason in Gen.Elements<SignalingReason?>(
            null, SignalingReason.Hangup, SignalingReason.Cancel, SignalingReason.Timeout)
        from ack in Gen.Elements(true, false)
        from others in Others
        select (kind switch
        {
            SignalingKind.Invite => SignalingMessage.Invite(id, name, new IPEndPoint(address, port), codec),
            SignalingKind.Accept => SignalingMessage.Accept(id, codec),
            SignalingKind.Reject => SignalingMessage.Reject(id, rejectReason),
            SignalingKind.Callback => SignalingMessage.Callback(id),
            _ => SignalingMessage.Hangup(id, hangupReason) with { IsAck = ack },
        }) with { OtherFields = others };

    private static readonly string[] Words =
    [
        "CONVITE", "ACEITO", "REJEITADO", "CALLBACK", "ENCERRAR", "alice", "João", "1.2.3.4", "::1", "5000", "0",
        "call=", "call=abc", "codec=opus", "codec=", "reason=busy", "reason=hangup", "ack=1", "ack=0", "=", "k=v",
        " ", "  ", "\n", "\r", "\t", "é", "\u0000",
    ];

    [Property(MaxTest = 500)]
    public Property AnyMessage_RoundTripsThroughItsBytes() =>
        Prop.ForAll(Messages.ToArbitrary(), message =>
            SignalingMessage.TryParse(message.ToBytes(), out var parsed, out _) && parsed.Equals(message));

    [Property(MaxTest = 200)]
    public Property AnyMessage_ParsesWithATrailingNewlineAndExtraSpaces() =>
        Prop.ForAll(Messages.ToArbitrary(), message =>
        {
            var text = "  " + message.ToString().Replace(" ", "   ", StringComparison.Ordinal) + " \n";
            return SignalingMessage.TryParse(Encoding.UTF8.GetBytes(text), out var parsed, out _) && parsed.Equals(message);
        });

    [Property(MaxTest = 2000)]
    public bool RandomBytes_NeverThrow_AndGiveAMessageOrAReason(byte[] bytes) =>
        SignalingMessage.TryParse(bytes, out var message, out var error)
            ? error is null && message is not null
            : error is not null;

    [Property(MaxTest = 2000)]
    public Property WordSoup_NeverThrows_AndWhatParsesFormatsBackToItself()
    {
        var soups = Gen.Elements(Words).ListOf().Select(w => string.Join(' ', w));
        return Prop.ForAll(soups.ToArbitrary(), text =>
        {
            if (!SignalingMessage.TryParse(Encoding.UTF8.GetBytes(text), out var message, out _))
                return true;
            return SignalingMessage.TryParse(message.ToBytes(), out var again, out _) && again.Equals(message);
        });
    }

    [Property(MaxTest = 100)]
    public Property EveryPrefix_OfAValidMessage_ParsesOrFailsCleanly() =>
        Prop.ForAll(Messages.ToArbitrary(), message =>
        {
            var bytes = message.ToBytes();
            for (var length = 0; length < bytes.Length; length++)
            {
                var ok = SignalingMessage.TryParse(bytes.AsSpan(0, length), out var parsed, out var error);
                if (ok == (error is not null) || ok != (parsed is not null))
                    return false;
            }
            return SignalingMessage.TryParse(bytes, out _, out _);
        });
}
