using System.Globalization;
using System.Net;
using Sala.Calls;
using Sala.Calls.Devices;
using Sala.Protocol.Calls;
using Sala.Protocol.Registry;
using Sala.Registry;

namespace Sala.Cli.Client;

/// <summary>
/// The registry's comings and goings, as the event loop sees them: a lost connection is reported, the session
/// reconnects and registers the name again by itself, and a name taken meanwhile is asked for anew. Calls are
/// peer to peer and never wait on any of this.
/// </summary>
internal sealed partial class ClientApp
{
    /// <summary>Failed reconnection attempts are reported the first time and then every this many, not each one.</summary>
    private const int ReportEveryNthFailure = 5;

    /// <summary>The name was taken while the registry was away: the next line typed outside a call is a new name.</summary>
    private bool _askingNewName;

    private Task OnRegistryEventAsync(RegistrySessionEvent registryEvent)
    {
        switch (registryEvent)
        {
            case RegistryConnectionLost lost:
                _view.Problem(lost.ServerShutDown
                    ? $"the registry at {_registry!.Server} is shutting down; reconnecting (calls go on)"
                    : $"{lost.Reason}; reconnecting (calls go on)");
                break;
            case RegistryReconnectFailed failed when failed.Attempt == 1 || failed.Attempt % ReportEveryNthFailure == 0:
                _view.Event(string.Create(CultureInfo.InvariantCulture,
                    $"registry still unreachable after {failed.Attempt} attempt(s): {failed.Reason}; next in {failed.NextAttemptIn.TotalSeconds:0.#} s"));
                break;
            case RegistryRestored { Name: { } name }:
                _view.Event($"registry back: registered as {name} again", "green");
                break;
            case RegistryNameTakenMeanwhile taken:
                _view.Problem($"registry back, but someone took the name {taken.Name} meanwhile: choose another name");
                _askingNewName = true;
                if (!IsSingleKeyMode())
                    _view.Prompt("Your name:");
                break;
        }
        return Task.CompletedTask;
    }

    /// <summary>Calls <paramref name="callee"/>'s lookup; false (after saying why) when the registry cannot answer now.</summary>
    private async Task<(bool Answered, Registration? Found)> LookUpAsync(string callee, CancellationToken cancellationToken)
    {
        if (!UserName.TryNormalize(callee, out _, out var whyNot))
        {
            _view.Problem($"'{callee}' cannot be a name: {whyNot}");
            FinishScriptedCall(connected: false);
            ShowMenu();
            return (false, null);
        }
        try
        {
            return (true, await _registry!.LookupAsync(callee, cancellationToken));
        }
        catch (RegistryUnavailableException ex)
        {
            _view.Problem($"cannot look {callee} up now: {ex.Message}");
            FinishScriptedCall(connected: false);
            ShowMenu();
            return (false, null);
        }
    }

    /// <summary>Takes the line as the new name when one was asked for; false when the line is for the menu.</summary>
    private async Task<bool> TryTakeNewNameAsync(string line, CancellationToken cancellationToken)
    {
        if (!_askingNewName)
            return false;
        if (_agent!.State != CallState.Idle)
        {
            _view.Problem("finish the call first, then type the new name");
            return true;
        }
        if (!UserName.TryNormalize(line, out var name, out var whyNot))
        {
            _view.Problem($"'{line}' cannot be a name: {whyNot}");
            _view.Prompt("Your name:");
            return true;
        }
        var advertised = _agent.LocalEndPoint;
        var local = _registry!.LocalEndPoint.Address;
        advertised = new IPEndPoint(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local, advertised.Port);
        try
        {
            if (await _registry.RegisterAsync(name, advertised.Address, advertised.Port, cancellationToken) != RegisterOutcome.Registered)
            {
                _view.Problem($"registration failed: the name {name} is taken");
                _view.Prompt("Your name:");
                return true;
            }
        }
        catch (Exception ex) when (ex is RegistryUnavailableException or RegistryProtocolException)
        {
            _view.Problem($"registration failed: {ex.Message}");
            _view.Prompt("Your name:");
            return true;
        }
        _askingNewName = false;
        _name = name;
        await ReplaceAgentAsync(name, advertised, cancellationToken);
        _view.Registered(name, advertised, _registry.Server.ToString());
        ShowMenu();
        return true;
    }

    /// <summary>
    /// A new call agent under the new name, on the same UDP port: the name is part of every invitation and of each
    /// call's key agreement, so the old agent cannot go on with it.
    /// </summary>
    private async Task ReplaceAgentAsync(string name, IPEndPoint advertised, CancellationToken cancellationToken)
    {
        if (_connector is not null)
            await _connector.DisposeAsync();
        await _agent!.DisposeAsync();
        _port = OpenCallPort(advertised.Port);
        var devices = new SpecAudioDevices(_options.Microphone, _options.Speaker, _realDevices);
        _agent = CallAgentFactory.Start(_port, _options.ForCalls(name, advertised, _identity), devices, _time);
        _ = PumpAsync(_agent.Events, cancellationToken);
        await StartConnectorAsync(advertised, cancellationToken);
    }
}
