namespace Sala.Registry;

public enum RegisterOutcome
{
    Registered,
    NameTaken,

    /// <summary>The name is claimed by another identity key (<c>ERR NAME_CLAIMED</c>): it cannot be had while the claim lasts.</summary>
    NameClaimed,
}
