using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Sala.Calls.Connectivity;
using Sala.Calls.Devices;
using Sala.Calls.Security;
using Sala.Calls.Transport;
using Sala.Cli.Logging;
using Sala.Cli.Metrics;
using Sala.Cli.Parsing;
using Sala.Media.Codecs;
using Sala.Registry;
using Spectre.Console;

namespace Sala.Cli.Client;

/// <summary><c>sala client</c>: flags for everything the client would otherwise ask, so scripts drive the same flow.</summary>
internal static class ClientCommand
{
    /// <summary>Wide enough that no event line is ever wrapped in a log or a pipe.</summary>
    private const int PlainLineWidth = 100_000;

    /// <summary>Every default of the options below, stated once in <see cref="ClientOptions"/>.</summary>
    private static readonly ClientOptions Defaults = new();

    /// <summary>The packet times --frame may ask for, in milliseconds (RFC 7587 allows these and more).</summary>
    private static readonly int[] PacketTimes = [10, 20, 40, 60];

    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "Your name (asked when missing)" };
        var server = new Option<RegistryAddress?>("--server")
        {
            Description = $"Registry address HOST[:PORT], or tls://HOST[:PORT] for one that speaks TLS (asked when missing; port {RegistryServerOptions.DefaultPort} by default)",
        }.ParsedBy(Addresses.Registry);
        var udpPort = new Option<int>("--udp-port")
        {
            Description = "UDP port for calls (0: a free one)",
            DefaultValueFactory = _ => Defaults.UdpPort,
        }.ParsedBy(Numbers.Port(minimum: 0));
        var call = new Option<string?>("--call") { Description = "Call this user right after registering" };
        var answer = Choice.Option("--answer", "Incoming calls: ask, or answer every one yes or no", Defaults.Answer);
        var mic = new DefaultedOption<AudioDeviceSpec>(
            "--mic", "Microphone: default, a device's NAME or INDEX (sala devices), tone:HZ, click:MS, silence or FILE.wav",
            Defaults.Microphone, Defaults.Microphone.Text, ParseMicrophone);
        var speaker = new DefaultedOption<AudioDeviceSpec>(
            "--speaker", "Speaker: default, a device's NAME or INDEX, null or FILE.wav (what you hear is recorded)",
            Defaults.Speaker, Defaults.Speaker.Text, ParseSpeaker);
        var hangupAfter = Durations.Optional("--hangup-after", "Hang up this long after the call connects (9s, 1m30s)", TimeSpan.FromMilliseconds(1), "9s or 1m30s");
        var exitAfterCall = new Option<bool>("--exit-after-call") { Description = "Disconnect and exit when the first call ends (exit 0 if it took place)" };
        var codec = new Option<string>("--codec")
        {
            Description = "Codec to send",
            DefaultValueFactory = _ => Defaults.Codec,
            HelpName = string.Join('|', AudioCodecs.Names),
        }.ParsedBy(Choice.AmongNames(AudioCodecs.Names));
        var plain = new Option<bool>("--plain") { Description = "One plain line per event, no colour or prompts decoration" };
        var noEncryption = new Option<bool>("--no-encryption") { Description = "Do not encrypt calls (debugging, measuring); calls show NOT ENCRYPTED" };
        var allowUnencrypted = new Option<bool>("--allow-unencrypted") { Description = "Encrypt, but also take calls with peers that do not" };
        var noPostQuantum = new Option<bool>("--no-post-quantum") { Description = "Encrypt with ECDH alone, without ML-KEM-768: smaller CONVITE and ACEITO (for networks that drop fragmented datagrams), no protection against a future quantum computer" };
        var turn = new Option<TurnServer?>("--turn")
        {
            Description = "A TURN relay of your own for calls that cannot go direct: turn:USER:PASS@HOST[:PORT] (default: the one the registry offers)",
        }.ParsedBy(ParseTurn);
        var stun = new Option<RegistryAddress?>("--stun")
        {
            Description = $"STUN server HOST[:PORT] that tells your NAT's mapping (default: the registry itself; port {RegistryServerOptions.DefaultPort} by default, as a Sala registry answers STUN there)",
        }.ParsedBy(ParseStun);
        var echoCancellation = Choice.Option(
            "--echo-cancellation", "Cancel the echo of your speaker in your microphone (auto: on with a real microphone and speaker)", Defaults.EchoCancellation);
        var noiseSuppression = Choice.Option(
            "--noise-suppression", "Suppress steady background noise in your microphone (auto: on with a real microphone)", Defaults.NoiseSuppression);
        var dtx = Choice.Option(
            "--dtx", "Send almost nothing while you are silent (Opus DTX; the other side hears comfort noise)",
            Defaults.Dtx ? Switch.On : Switch.Off, Switch.On, Switch.Off);
        var frame = new DefaultedOption<int>(
            "--frame", "The packet time to ask the other side for (10ms for the lowest delay; longer packets cost less on the wire and add their length to the delay)",
            Defaults.PacketTime, $"{Defaults.PacketTime}ms", ParsePacketTime)
        {
            HelpName = string.Join('|', PacketTimes.Select(ms => $"{ms}ms")),
        };
        var identity = Sala.Cli.Identity.IdentityCommand.IdentityOption();
        var metricsPort = new Option<int?>("--metrics-port")
        {
            Description = "Serve this client's call figures to Prometheus at http://HOST:PORT/metrics (default: none)",
        }.ParsedBy(Numbers.Port());
        var keyLog = new Option<string?>("--key-log") { Description = "Debugging: append each call's SRTP keys to FILE (created 0600), to decrypt a capture of the call; whoever reads it can listen" };
        var impair = new Option<Impairment>("--impair")
        {
            Description = "Testing: impair sent datagrams, e.g. loss=10%,jitter=30ms,seed=1",
            Hidden = true,
            DefaultValueFactory = _ => Defaults.Impairment,
        }.ParsedBy(ParseImpairment);
        // Logs go to standard error at Warning by default: standard output is the client's screen (menu, panel, events).
        var logging = new LoggingOptions(Microsoft.Extensions.Logging.LogLevel.Warning, "Log only warnings and errors (the default; short for --log-level warning)");
        var command = new Command("client", "Register and make or take calls")
        {
            name, server, udpPort, call, answer, mic, speaker, hangupAfter, exitAfterCall, codec, plain, noEncryption, allowUnencrypted, noPostQuantum, turn, stun, echoCancellation, noiseSuppression, dtx, frame, identity, keyLog, impair, metricsPort,
        };
        logging.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            SrtpKeyLog? keys = null;
            if (result.GetValue(keyLog) is { } keyLogPath)
            {
                try
                {
                    keys = new SrtpKeyLog(keyLogPath);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    Console.Error.WriteLine($"sala client: --key-log: cannot write {keyLogPath}: {ex.Message}");
                    return ExitCodes.Usage;
                }
            }

            var options = new ClientOptions
            {
                Name = result.GetValue(name),
                Server = result.GetValue(server),
                UdpPort = result.GetValue(udpPort),
                Call = result.GetValue(call),
                Answer = answer.ValueIn(result),
                Microphone = mic.ValueIn(result),
                Speaker = speaker.ValueIn(result),
                HangupAfter = result.GetValue(hangupAfter),
                ExitAfterCall = result.GetValue(exitAfterCall),
                Codec = result.GetValue(codec)!,
                Plain = result.GetValue(plain) || Console.IsOutputRedirected,
                Impairment = result.GetValue(impair)!,
                Turn = result.GetValue(turn),
                EchoCancellation = echoCancellation.ValueIn(result),
                NoiseSuppression = noiseSuppression.ValueIn(result),
                Dtx = dtx.ValueIn(result) == Switch.On,
                PacketTime = frame.ValueIn(result),
                IdentityPath = result.GetValue(identity) is { } identityPath && identityPath != Sala.Cli.Identity.IdentityFile.None ? identityPath : null,
                Stun = result.GetValue(stun),
                KeyLog = keys,
                Encryption = result.GetValue(noEncryption) ? EncryptionPolicy.Off
                    : result.GetValue(allowUnencrypted) ? EncryptionPolicy.Preferred : EncryptionPolicy.Required,
                PostQuantum = !result.GetValue(noPostQuantum),
            };
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = options.Plain ? AnsiSupport.No : AnsiSupport.Detect,
                ColorSystem = options.Plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            });
            if (options.Plain)
                console.Profile.Width = PlainLineWidth;
            using var log = logging.Create(result, Console.Error, TimeProvider.System);
            PrometheusEndpoint? metrics = null;
            if (result.GetValue(metricsPort) is { } port)
            {
                try
                {
                    metrics = PrometheusEndpoint.Start("sala-client", port, ClientMetrics.MeterName);
                }
                catch (InvalidOperationException ex)
                {
                    Console.Error.WriteLine($"sala client: --metrics-port: cannot serve on port {port}: {(ex.InnerException ?? ex).Message}");
                    return ExitCodes.Usage;
                }
            }
            using var metricsEndpoint = metrics;
            await using var app = new ClientApp(
                options, new ClientView(console, options.Plain), ConsoleUserInput.Start(), TimeProvider.System, new PortAudioDevices(),
                log.CreateLogger("Sala.Client"));
            return await app.RunAsync(cancellationToken);
        });
        return command;
    }

    private static bool ParsePacketTime(string text, out int milliseconds, [NotNullWhen(false)] out string? whyNot)
    {
        milliseconds = DurationText.TryParse(text, out var duration) ? (int)duration.TotalMilliseconds : 0;
        if (PacketTimes.Contains(milliseconds) && duration == TimeSpan.FromMilliseconds(milliseconds))
        {
            whyNot = null;
            return true;
        }
        whyNot = $"'{text}' is not one of {string.Join(", ", PacketTimes.Select(ms => $"{ms}ms"))}";
        return false;
    }

    private static bool ParseStun(string text, out RegistryAddress? address, [NotNullWhen(false)] out string? whyNot)
    {
        if (!Addresses.Registry(text, out address, out whyNot))
            return false;
        whyNot = address.Tls ? "STUN is plain UDP: write HOST[:PORT], without tls://" : null;
        return whyNot is null;
    }

    private static bool ParseTurn(string text, out TurnServer? server, [NotNullWhen(false)] out string? whyNot) =>
        TurnServer.TryParse(text, out server, out whyNot);

    private static bool ParseMicrophone(string text, [NotNullWhen(true)] out AudioDeviceSpec? spec, [NotNullWhen(false)] out string? whyNot) =>
        AudioDeviceSpec.TryParseMicrophone(text, out spec, out whyNot);

    private static bool ParseSpeaker(string text, [NotNullWhen(true)] out AudioDeviceSpec? spec, [NotNullWhen(false)] out string? whyNot) =>
        AudioDeviceSpec.TryParseSpeaker(text, out spec, out whyNot);

    private static bool ParseImpairment(string text, [NotNullWhen(true)] out Impairment? impairment, [NotNullWhen(false)] out string? whyNot) =>
        Impairment.TryParse(text, out impairment, out whyNot);
}
