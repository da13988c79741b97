namespace Sala.Registry;

/// <summary>The registry answered something the request does not allow (or refused the request as bad).</summary>
public sealed class RegistryProtocolException : Exception
{
    public RegistryProtocolException()
    {
    }

    public RegistryProtocolException(string message) : base(message)
    {
    }

    public RegistryProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
