namespace Sala.Registry;

/// <summary>What <see cref="INameClaims.ReleaseAsync"/> did.</summary>
public enum ReleaseOutcome
{
    /// <summary>The claim is gone: anyone may register the name, and the first proof claims it again.</summary>
    Released,

    /// <summary>Nobody holds a live claim on the name.</summary>
    NotClaimed,

    /// <summary>Another key holds the claim; nothing changed.</summary>
    OtherKey,
}
