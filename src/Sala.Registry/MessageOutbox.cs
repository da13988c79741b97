using System.Buffers;
using Sala.Protocol.Registry;

namespace Sala.Registry;

/// <summary>
/// The MSG lines waiting to be written to one connection: bounded, so a recipient that does not read costs its
/// senders a refusal, never a wait. One writer drains it at a time; <see cref="TryEnqueue"/> says when to start one.
/// </summary>
internal sealed class MessageOutbox(int capacity)
{
    private readonly Lock _gate = new();
    private Queue<byte[]>? _lines;
    private bool _draining;
    private bool _closed;

    /// <summary>Queues <c>MSG &lt;from&gt; &lt;text&gt;</c>, the line a SEND delivers.</summary>
    public DeliveryResult TryEnqueueMessage(string from, string text, out bool startDraining)
    {
        var line = new ArrayBufferWriter<byte>(RegistryLineFramer.MaxLineBytes);
        RegistryReplyWriter.Message(line, from, text);
        return TryEnqueue(line.WrittenSpan.ToArray(), out startDraining);
    }

    public DeliveryResult TryEnqueue(byte[] line, out bool startDraining)
    {
        lock (_gate)
        {
            startDraining = false;
            if (_closed)
                return DeliveryResult.Gone;
            _lines ??= new Queue<byte[]>();
            if (_lines.Count >= capacity)
                return DeliveryResult.Full;
            _lines.Enqueue(line);
            startDraining = !_draining;
            _draining = true;
            return DeliveryResult.Queued;
        }
    }

    /// <summary>Moves every waiting line into <paramref name="into"/>; false (and the drainer stops) when none waits.</summary>
    public bool TryTakeAll(List<byte[]> into)
    {
        lock (_gate)
        {
            if (_closed || _lines is not { Count: > 0 })
            {
                _draining = false;
                _lines = null;
                return false;
            }
            while (_lines.TryDequeue(out var line))
                into.Add(line);
            return true;
        }
    }

    /// <summary>The connection is gone: what waits is dropped and nothing more is taken.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _lines = null;
        }
    }
}
