namespace Sala.Calls.Security;

/// <summary>Whether a call is encrypted, and the four words both users can compare when it is.</summary>
public sealed record CallSecurityInfo(bool Encrypted, string? ShortAuthenticationString)
{
    public static readonly CallSecurityInfo Unencrypted = new(false, null);
}
