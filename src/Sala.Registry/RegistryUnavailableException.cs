namespace Sala.Registry;

/// <summary>The registry could not be reached or stopped answering; the message is one line for the user.</summary>
public sealed class RegistryUnavailableException : Exception
{
    public RegistryUnavailableException()
    {
    }

    public RegistryUnavailableException(string message) : base(message)
    {
    }

    public RegistryUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
