namespace Sala.Registry;

public enum RemoveOutcome
{
    Removed,
    NotOwner,
    NotFound,
}
