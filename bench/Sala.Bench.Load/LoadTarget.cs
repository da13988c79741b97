using System.Net;
using System.Text;
using Sala.Protocol.Registry;

namespace Sala.Bench.Load;

/// <summary>
/// What differs between the registry and Redis for the load: the bytes of a REGISTER/SET and of a GET, and how many
/// '\n'-terminated lines one reply takes. Everything else (sockets, pacing, timing) is shared.
/// </summary>
internal sealed record LoadTarget(string Name, Func<string, int, byte[]> Register, Func<string, byte[]> Get, int LinesPerGetReply)
{
    /// <summary>The registry text protocol: one reply line per request.</summary>
    public static readonly LoadTarget Registry = new(
        "registry",
        (name, i) => RegistryRequestWriter.ToLine(RegistryRequest.Register(name, Address(i), Port(i))),
        name => RegistryRequestWriter.ToLine(RegistryRequest.Get(name)),
        LinesPerGetReply: 1);

    /// <summary>The same data as a Redis string per user, over RESP: a GET reply is "$len\r\n" then the value line.</summary>
    public static readonly LoadTarget Redis = new(
        "redis",
        (name, i) => Resp("SET", name, $"{name} {Address(i)} {Port(i)}"),
        name => Resp("GET", name),
        LinesPerGetReply: 2);

    private static IPAddress Address(int i) => new([10, 0, (byte)(i / 250 % 250), (byte)(i % 250 + 1)]);

    private static int Port(int i) => 5000 + i % 60000;

    private static byte[] Resp(params string[] words)
    {
        var text = new StringBuilder().Append('*').Append(words.Length).Append("\r\n");
        foreach (var word in words)
            text.Append('$').Append(Encoding.UTF8.GetByteCount(word)).Append("\r\n").Append(word).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
