namespace Sala.Registry;

public enum RegisterOutcome
{
    Registered,
    NameTaken,
}
