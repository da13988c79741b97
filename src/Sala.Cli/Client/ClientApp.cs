using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sala.Calls;
using Sala.Calls.Connectivity;
using Sala.Calls.Devices;
using Sala.Registry;

namespace Sala.Cli.Client;

/// <summary>
/// The terminal client: registers, shows the menu, places and answers calls. One loop handles, in order, what the
/// person types and what the call agent reports, so the flow reads as the original's: menu, call, talk, hang up.
/// Flags such as <c>--call</c> and <c>--answer</c> drive the very same loop.
/// </summary>
internal sealed partial class ClientApp : IAsyncDisposable
{
    private readonly ClientOptions _options;
    private readonly ClientView _view;
    private readonly ChannelReader<UserInput> _input;
    private readonly TimeProvider _time;
    private readonly IRealAudioDevices? _realDevices;
    private readonly ILogger _log;
    private readonly ClientMetrics _metrics;
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();
    private readonly LineEditor _editor;
    private ClientMode _mode = ClientMode.Menu;
    private ClientMode _modeBeforeRinging = ClientMode.Menu;
    private RegistrySession? _registry;
    private Sala.Protocol.Identity.IdentityKey? _identity;
    private bool _identityMade;
    private Sala.Cli.Identity.KnownPeers? _knownPeers;
    private CallAgent? _agent;
    private string _name = "";
    private ITimer? _hangupTimer;
    private bool _connected;
    private int? _exitCode;
    private bool _shutDown;

    public ClientApp(ClientOptions options, ClientView view, ChannelReader<UserInput> input, TimeProvider time, IRealAudioDevices? realDevices, ILogger? log = null)
    {
        _log = log ?? NullLogger.Instance;
        _metrics = new ClientMetrics(() => _agent?.Statistics);
        _options = options;
        _view = view;
        _input = input;
        _time = time;
        _realDevices = realDevices;
        _editor = new LineEditor(view.Console);
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var setup = await SetUpAsync(cancellationToken);
            if (setup != ExitCodes.Ok)
                return setup;
            _ = PumpAsync(_input, cancellationToken);
            _ = PumpAsync(_agent!.Events, cancellationToken);
            _ = PumpAsync(_registry!.Events, cancellationToken);
            if (_options.Call is { } callee)
                await PlaceCallAsync(callee, cancellationToken);
            else
                ShowMenu();
            while (_exitCode is null)
            {
                object next;
                try
                {
                    next = await _events.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                await HandleAsync(next, cancellationToken);
            }
            return _exitCode ?? ExitCodes.Ok;
        }
        catch (RegistryUnavailableException ex)
        {
            _view.Problem(ex.Message);
            return ExitCodes.Registry;
        }
        finally
        {
            await ShutDownAsync();
        }
    }

    private Task HandleAsync(object next, CancellationToken cancellationToken) => next switch
    {
        KeyInput key when IsSingleKeyMode() => OnKeyAsync(char.ToUpperInvariant(key.Key.KeyChar), cancellationToken),
        KeyInput key => _editor.Add(key.Key) is { } line ? OnLineAsync(line.Trim(), cancellationToken) : Task.CompletedTask,
        LineInput line => OnLineAsync(line.Line.Trim(), cancellationToken),
        InputClosed => OnInputClosedAsync(),
        CallEvent callEvent => OnCallEventAsync(callEvent, cancellationToken),
        RegistrySessionEvent registryEvent => OnRegistryEventAsync(registryEvent),
        ConnectorEvent connectorEvent => Run(() => OnConnectorEvent(connectorEvent)),
        PathFound found => OnPathFoundAsync(found),
        HangupTimerFired => Run(() => _agent!.HangUp()),
        _ => Task.CompletedTask,
    };

    private bool IsSingleKeyMode() => _mode is ClientMode.Calling or ClientMode.Ringing or ClientMode.InCall or ClientMode.Answering;

    private async Task PumpAsync<T>(ChannelReader<T> source, CancellationToken cancellationToken)
        where T : notnull
    {
        try
        {
            await foreach (var item in source.ReadAllAsync(cancellationToken))
                _events.Writer.TryWrite(item);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Exit(int code) => _exitCode ??= code;

    private void ShowMenu()
    {
        _mode = ClientMode.Menu;
        if (!_options.IsScripted)
            _view.Menu();
    }

    private static Task Run(Action action)
    {
        action();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(ShutDownAsync());

    private async Task ShutDownAsync()
    {
        if (_shutDown)
            return;
        _shutDown = true;
        _finding?.Cancel();
        await StopPanelAsync();
        _metrics.Dispose();
        if (_hangupTimer is not null)
            await _hangupTimer.DisposeAsync();
        // The agent first: its last ENCERRAR may still need the relay the connector holds.
        if (_agent is not null)
            await _agent.DisposeAsync();
        if (_connector is not null)
            await _connector.DisposeAsync();
        if (_registry is not null)
        {
            try
            {
                if (_name.Length > 0)
                    await _registry.DisconnectAsync(_name);
            }
            catch (Exception ex) when (ex is RegistryUnavailableException or RegistryProtocolException)
            {
                // The registry forgets us anyway when the connection closes.
            }
            await _registry.DisposeAsync();
            if (_name.Length > 0)
                _view.Event("disconnected");
        }
        _identity?.Dispose();
    }

    private sealed record HangupTimerFired;
}
