namespace Sala.Calls.Security;

public enum EncryptionPolicy
{
    /// <summary>Offer encryption and refuse peers that do not (the default).</summary>
    Required,

    /// <summary>Offer encryption, but take an unencrypted call when the peer does not offer it.</summary>
    Preferred,

    /// <summary>Neither offer nor use encryption (debugging, measurement); unencrypted peers are accepted.</summary>
    Off,
}
