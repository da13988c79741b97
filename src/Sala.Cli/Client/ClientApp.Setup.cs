using System.Net;
using Sala.Calls;
using Sala.Calls.Connectivity;
using Sala.Calls.Devices;
using Sala.Cli.Identity;
using Sala.Protocol.Registry;
using Sala.Registry;
using Sala.Registry.Tls;

namespace Sala.Cli.Client;

internal sealed partial class ClientApp
{
    /// <summary>Devices, registry, UDP port and name, asking for what the flags did not give.</summary>
    private async Task<int> SetUpAsync(CancellationToken cancellationToken)
    {
        if (!CheckDevices())
            return ExitCodes.Usage;
        var server = _options.Server ?? await AskServerAsync(cancellationToken);
        if (server is null)
            return ExitCodes.Usage;
        if (_options.IdentityPath is { } identityPath)
        {
            try
            {
                _identity = IdentityFile.LoadOrCreate(identityPath, out _identityMade);
                _knownPeers = KnownPeers.Beside(identityPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _view.Problem($"identity: {ex.Message} (--identity none registers without one)");
                return ExitCodes.Usage;
            }
        }
        var pins = new KnownRegistriesFile(_options.KnownRegistriesPath);
        _registry = await RegistrySession.ConnectAsync(server,
            new RegistrySessionOptions { Client = new RegistryClientOptions { Identity = _identity, CertificatePins = pins } }, _time, cancellationToken);
        if (_registry.Certificate is { Trust: RegistryCertificateTrust.PinnedNow } pinned)
        {
            _view.Event($"pinned the registry's certificate on first use: {server.HostPort} SHA-256 {pinned.Fingerprint} "
                + $"(kept in {pins.Location}; `sala server` printed its own: they should be the same)", "yellow");
        }

        ConnectivityTransport transport;
        try
        {
            transport = OpenCallPort(_options.UdpPort);
        }
        catch (IOException ex)
        {
            _view.Problem(ex.Message);
            return ExitCodes.Usage;
        }

        // The address this machine reaches the registry from is the one other users most likely reach it on.
        var local = _registry.LocalEndPoint.Address;
        var advertised = new IPEndPoint(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local, transport.LocalEndPoint.Port);
        var name = await RegisterAsync(advertised, cancellationToken);
        if (name is null)
        {
            await transport.DisposeAsync();
            return ExitCodes.Registry;
        }
        _name = name;
        _view.Registered(name, advertised, server.ToString());
        if (_identityMade)
            _view.Event($"made your identity ({_identity!.Fingerprint.Words}), kept in {_options.IdentityPath}: {name} is claimed with it");

        var devices = new SpecAudioDevices(_options.Microphone, _options.Speaker, _realDevices);
        _port = transport;
        _agent = CallAgentFactory.Start(transport, _options.ForCalls(name, advertised, _identity), devices, _time);
        await StartConnectorAsync(advertised, cancellationToken);
        _ = ForwardRelayedMessagesAsync(cancellationToken);
        return ExitCodes.Ok;
    }

    private bool CheckDevices()
    {
        var needsReal = _options.Microphone.Kind is AudioDeviceKind.Default or AudioDeviceKind.Device
            || _options.Speaker.Kind is AudioDeviceKind.Default or AudioDeviceKind.Device;
        if (!needsReal)
            return true;
        try
        {
            if (_realDevices is null)
                throw new AudioDeviceUnavailableException(
                    "no audio device is available in this build: use --mic tone:440, --mic silence or --mic FILE.wav, " +
                    "and --speaker FILE.wav or --speaker null");
            _realDevices.Check(RealName(_options.Microphone), RealName(_options.Speaker));
            return true;
        }
        catch (AudioDeviceUnavailableException ex)
        {
            _view.Problem(ex.Message);
            return false;
        }
    }

    /// <summary>The name to give the device layer, or null for a file, tone or silence, which are not its devices.</summary>
    private static string? RealName(AudioDeviceSpec spec) =>
        spec.Kind is AudioDeviceKind.Default or AudioDeviceKind.Device ? spec.Text : null;

    private async Task<RegistryAddress?> AskServerAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            _view.Prompt("Registry server address (host or IPv4, optionally :port; tls:// first for a TLS registry):");
            var line = await ReadLineAsync(cancellationToken);
            if (line is null)
                return null;
            if (RegistryAddress.TryParse(line, out var address, out var whyNot))
                return address;
            _view.Problem(whyNot!);
        }
    }

    /// <summary>Registers the name given, or asks for names until one is free; null when that cannot happen.</summary>
    private async Task<string?> RegisterAsync(IPEndPoint advertised, CancellationToken cancellationToken)
    {
        var name = _options.Name;
        while (true)
        {
            if (name is null)
            {
                _view.Prompt("Your name:");
                name = await ReadLineAsync(cancellationToken);
                if (name is null)
                    return null;
            }
            if (!UserName.TryNormalize(name.Trim(), out var normalized, out var whyNot))
            {
                _view.Problem($"'{name}' cannot be a name: {whyNot}");
            }
            else
            {
                try
                {
                    var outcome = await _registry!.RegisterAsync(normalized, advertised.Address, advertised.Port, cancellationToken);
                    if (outcome == RegisterOutcome.Registered)
                        return normalized;
                    _view.Problem(outcome == RegisterOutcome.NameClaimed
                        ? $"registration failed: the name {normalized} is claimed by another identity (whoever first registered it with their key); "
                            + "choose another name, or use the identity it was claimed with (--identity FILE)"
                        : $"registration failed: the name {normalized} is taken");
                }
                catch (RegistryProtocolException ex)
                {
                    _view.Problem($"registration failed: {ex.Message}");
                }
            }
            if (_options.Name is not null)
                return null;
            name = null;
        }
    }

    /// <summary>Reads one line before the main loop runs, editing keys into a line when reading a terminal.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (await _input.WaitToReadAsync(cancellationToken))
        {
            while (_input.TryRead(out var input))
            {
                switch (input)
                {
                    case LineInput line:
                        return line.Line;
                    case KeyInput key when _editor.Add(key.Key) is { } line:
                        return line;
                    case InputClosed:
                        return null;
                }
            }
        }
        return null;
    }
}
