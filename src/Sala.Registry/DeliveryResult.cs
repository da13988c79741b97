namespace Sala.Registry;

/// <summary>What became of a MSG line handed to a connection.</summary>
internal enum DeliveryResult
{
    Queued,

    /// <summary>The recipient has <see cref="RegistryServerOptions.MessageQueueLength"/> lines unread already.</summary>
    Full,

    /// <summary>The connection has closed.</summary>
    Gone,
}
