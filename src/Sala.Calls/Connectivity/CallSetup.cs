using Sala.Protocol.Ice;

namespace Sala.Calls.Connectivity;

/// <summary>
/// One call's way being found, and what it holds: the relay allocation and the checks. Released once; whatever is
/// handed to it after that (an allocation that completes late) is disposed at once instead of leaking.
/// </summary>
internal sealed class CallSetup(string callId, string peer, bool outgoing)
{
    private readonly Lock _gate = new();
    private readonly List<IAsyncDisposable> _held = [];
    private bool _released;

    public string CallId { get; } = callId;

    public string Peer { get; } = peer;

    /// <summary>Set up by this side's own call, rather than for one coming in.</summary>
    public bool Outgoing { get; } = outgoing;

    public IceCredentials Local { get; } = IceCredentials.NewRandom();

    public TaskCompletionSource<IceSignal> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancelled when the setup is released: whatever still runs for it stops.</summary>
    public CancellationTokenSource Released { get; } = new();

    /// <summary>The relay had credentials for this call (whether or not the allocation then worked).</summary>
    public bool RelayConfigured { get; set; }

    /// <summary>Takes <paramref name="resource"/> to release with the setup; false (and disposed) when already released.</summary>
    public async Task<bool> HoldAsync(IAsyncDisposable resource)
    {
        lock (_gate)
        {
            if (!_released)
            {
                _held.Add(resource);
                return true;
            }
        }
        await resource.DisposeAsync();
        return false;
    }

    /// <summary>Stops what runs and lets go of what is held (checks before the relay they use); only the first call does.</summary>
    public async Task ReleaseAsync()
    {
        List<IAsyncDisposable> held;
        lock (_gate)
        {
            if (_released)
                return;
            _released = true;
            held = [.. _held];
            _held.Clear();
        }
        await Released.CancelAsync();
        for (var i = held.Count - 1; i >= 0; i--)
            await held[i].DisposeAsync();
    }
}
