namespace Sala.Registry;

internal enum SendStatus
{
    Sent,
    NotFound,

    /// <summary>The recipient's allowance (<see cref="RegistryServerOptions.MessagesPerRecipientPerSecond"/>) is used up.</summary>
    RecipientLimited,

    /// <summary>The recipient's connection has a full queue of unread lines.</summary>
    RecipientBacklogged,
}
