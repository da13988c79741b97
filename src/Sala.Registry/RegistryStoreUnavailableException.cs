namespace Sala.Registry;

/// <summary>
/// The store cannot be reached or did not answer in time. The server answers <c>ERR UNAVAILABLE</c> with the message,
/// which is therefore one short line.
/// </summary>
public sealed class RegistryStoreUnavailableException : Exception
{
    public RegistryStoreUnavailableException()
    {
    }

    public RegistryStoreUnavailableException(string message) : base(message)
    {
    }

    public RegistryStoreUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
