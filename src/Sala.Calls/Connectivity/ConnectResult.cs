namespace Sala.Calls.Connectivity;

public enum ConnectResult
{
    /// <summary>A path was found: <see cref="ConnectOutcome.Path"/>.</summary>
    Connected,

    /// <summary>The callee does not take part (an older client or server): call its registered address directly.</summary>
    NotSupported,

    /// <summary>The callee is in another call.</summary>
    Busy,

    /// <summary>Nobody holds the name any more.</summary>
    NotFound,

    /// <summary>No pair worked: <see cref="ConnectOutcome.Problem"/> says why, for the user.</summary>
    Failed,
}
