using Sala.Protocol.Stun;

namespace Sala.Calls.Connectivity;

/// <summary>
/// Requests waiting for their response, by transaction id (RFC 8489 §6.2.1): each is sent again on a schedule until a
/// response comes or the schedule ends. A response nobody waits for is unsolicited, and its caller counts it.
/// </summary>
internal sealed class StunTransactions(TimeProvider time)
{
    /// <summary>Connectivity checks and server queries: quick first retries, then doubling (RFC 8445 §14.3 allows it).</summary>
    public static readonly TimeSpan[] CheckSchedule =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
         TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600), TimeSpan.FromMilliseconds(1600)];

    /// <summary>Transactions remembered after they end, so that a late or repeated answer to one is not taken for a forgery.</summary>
    private const int RecentlyEnded = 64;

    private readonly Dictionary<StunTransactionId, TaskCompletionSource<StunReply>> _pending = [];
    private readonly HashSet<StunTransactionId> _ended = [];
    private readonly Queue<StunTransactionId> _endedOrder = new();
    private readonly Lock _gate = new();

    /// <summary>Sends with <paramref name="send"/>, again after each wait of <paramref name="schedule"/>; null when unanswered.</summary>
    public async Task<StunReply?> RunAsync(StunTransactionId id, Action send, IReadOnlyList<TimeSpan> schedule, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<StunReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
            _pending[id] = reply;
        try
        {
            foreach (var wait in schedule)
            {
                send();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(wait, time, timeout.Token);
                if (await Task.WhenAny(reply.Task, delay) == reply.Task)
                {
                    await timeout.CancelAsync();
                    return reply.Task.Result;
                }
                if (cancellationToken.IsCancellationRequested)
                    return null;
            }
            return null;
        }
        finally
        {
            lock (_gate)
                End(id);
        }
    }

    /// <summary>
    /// Hands a response to the request waiting for it. A late answer to a request that ended lately (a retransmission
    /// answered twice) is dropped quietly; false when no such request was made (unsolicited or forged).
    /// </summary>
    public bool Complete(StunReply reply)
    {
        TaskCompletionSource<StunReply>? waiting;
        lock (_gate)
        {
            if (!_pending.TryGetValue(reply.Message.TransactionId, out waiting))
                return _ended.Contains(reply.Message.TransactionId);
            // Remembered as ended at once: the answer to a retransmission may be right behind this one.
            End(reply.Message.TransactionId);
        }
        waiting.TrySetResult(reply);
        return true;
    }

    /// <summary>Called with the gate held.</summary>
    private void End(StunTransactionId id)
    {
        _pending.Remove(id);
        if (_ended.Add(id))
            _endedOrder.Enqueue(id);
        if (_endedOrder.Count > RecentlyEnded)
            _ended.Remove(_endedOrder.Dequeue());
    }
}
