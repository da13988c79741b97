namespace Sala.Protocol.Registry;

public enum RegistryCommand
{
    Register,
    Get,
    Disconnect,
    List,
    Ping,

    /// <summary><c>SEND &lt;to&gt; &lt;text&gt;</c>: relay a short text (a call offer) to a registered user.</summary>
    Send,

    /// <summary><c>TURN</c>: time-limited credentials for the server's TURN relay.</summary>
    Turn,

    /// <summary><c>NONCE</c>: a fresh value for this connection, to sign in a REGISTER that proves an identity key.</summary>
    Nonce,

    /// <summary><c>RELEASE &lt;name&gt; key= sig=</c>: the claiming key gives up its claim on the name.</summary>
    Release,
}
