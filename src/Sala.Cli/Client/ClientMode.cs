namespace Sala.Cli.Client;

/// <summary>What the client is waiting for from the person, which decides what a key or a line means.</summary>
internal enum ClientMode
{
    Menu,
    AskingCallee,
    Calling,
    Ringing,
    Answering,
    InCall,
}
