using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// The reply a request waits for: one line, or for LIST a header <c>OK n</c> and then n entry lines. While its
/// body is still coming, every line belongs to it (a user may be called BYE); otherwise only reply words do.
/// Lines are kept as received, without their '\n', for the request to read with <see cref="RegistryReplyParser"/>.
/// </summary>
internal sealed class PendingReply(bool isList)
{
    /// <summary>A hostile server's "OK 2000000000" must not reserve memory for two billion entries.</summary>
    private const int MaxInitialCapacity = 1024;

    private readonly TaskCompletionSource<IReadOnlyList<byte[]>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<byte[]>? _lines;
    private long _bodyLeft;

    public bool InBody => _bodyLeft > 0;

    public Task<IReadOnlyList<byte[]>> Reply => _done.Task;

    public void Add(byte[] line)
    {
        if (_lines is null)
        {
            if (isList && RegistryReplyParser.TryParseListHeader(line, out var count) && count > 0)
            {
                _lines = new List<byte[]>(Math.Min(count, MaxInitialCapacity - 1) + 1) { line };
                _bodyLeft = count;
                return;
            }
            _done.TrySetResult([line]);
            return;
        }
        _lines.Add(line);
        if (--_bodyLeft == 0)
            _done.TrySetResult(_lines);
    }

    public void Fail(Exception ex) => _done.TrySetException(ex);
}
