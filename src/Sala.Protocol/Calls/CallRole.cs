namespace Sala.Protocol.Calls;

public enum CallRole
{
    Caller,
    Callee,
}
