using System.Globalization;
using System.Net;
using System.Text;

namespace Sala.Protocol.Identity;

/// <summary>
/// What a client signs to register a name with its identity key (<c>REGISTER name ip port key= sig=</c>): a label,
/// the server's fresh nonce for this connection (<c>NONCE</c>), and the registration itself, each on its own line, so
/// a signature made for one server, connection, name or address is worth nothing for another.
/// </summary>
public static class RegistrationProof
{
    public const int NonceBytes = 16;

    private const string Label = "sala-register-v1";
    private const string ReleaseLabel = "sala-release-v1";

    public static byte[] Message(ReadOnlySpan<byte> nonce, string name, IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(address);
        var text = string.Create(CultureInfo.InvariantCulture, $"{Label}\n{Convert.ToBase64String(nonce)}\n{name}\n{address}\n{port}");
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>What a client signs to give up its claim on a name (<c>RELEASE name key= sig=</c>).</summary>
    public static byte[] ReleaseMessage(ReadOnlySpan<byte> nonce, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Encoding.UTF8.GetBytes($"{ReleaseLabel}\n{Convert.ToBase64String(nonce)}\n{name}");
    }
}
