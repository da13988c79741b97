namespace Sala.Registry;

/// <summary>What <see cref="ConnectionRequests.Next"/> found at the head of the received bytes.</summary>
internal enum LineStep
{
    /// <summary>No whole line: read more.</summary>
    NeedMoreData,

    /// <summary>A request to answer.</summary>
    Request,

    /// <summary>A line refused by the rate limit, answered: read nothing more until <see cref="ConnectionRequests.UntilNextRequest"/>.</summary>
    RateLimited,

    /// <summary>A line over the limit, answered: close after the reply.</summary>
    TooLong,
}
