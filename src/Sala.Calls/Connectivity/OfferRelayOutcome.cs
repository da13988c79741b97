namespace Sala.Calls.Connectivity;

public enum OfferRelayOutcome
{
    Sent,

    /// <summary>Nobody holds the name now.</summary>
    NotFound,

    /// <summary>The registry cannot pass messages on (an older server, or over its limits now).</summary>
    Unsupported,
}
