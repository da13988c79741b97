using System.CommandLine;
using Sala.Calls;
using Sala.Calls.Connectivity;
using Sala.Calls.Devices;
using Sala.Calls.Security;
using Sala.Calls.Transport;
using Sala.Cli.Logging;
using Sala.Cli.Metrics;
using Sala.Media.Codecs;
using Sala.Registry;
using Spectre.Console;

namespace Sala.Cli.Client;

/// <summary><c>sala client</c>: flags for everything the client would otherwise ask, so scripts drive the same flow.</summary>
internal static class ClientCommand
{
    /// <summary>Wide enough that no event line is ever wrapped in a log or a pipe.</summary>
    private const int PlainLineWidth = 100_000;

    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "Your name (asked when missing)" };
        var server = new Option<string?>("--server") { Description = $"Registry address HOST[:PORT], or tls://HOST[:PORT] for one that speaks TLS (asked when missing; port {RegistryServerOptions.DefaultPort} by default)" };
        var udpPort = new Option<int>("--udp-port") { Description = "UDP port for calls (default: a free one)" };
        var call = new Option<string?>("--call") { Description = "Call this user right after registering" };
        var answer = new Option<string>("--answer") { Description = "Incoming calls: ask, yes or no", DefaultValueFactory = _ => "ask" };
        var mic = new Option<string>("--mic") { Description = "Microphone: default, tone:HZ, click:MS, silence or FILE.wav", DefaultValueFactory = _ => "default" };
        var speaker = new Option<string>("--speaker") { Description = "Speaker: default, null or FILE.wav (what you hear is recorded)", DefaultValueFactory = _ => "default" };
        var hangupAfter = new Option<string?>("--hangup-after") { Description = "Hang up this long after the call connects (9s, 1m30s)" };
        var exitAfterCall = new Option<bool>("--exit-after-call") { Description = "Disconnect and exit when the first call ends (exit 0 if it took place)" };
        var codec = new Option<string>("--codec") { Description = "Codec to send: opus or pcm", DefaultValueFactory = _ => AudioCodecs.OpusName };
        var plain = new Option<bool>("--plain") { Description = "One plain line per event, no colour or prompts decoration" };
        var noEncryption = new Option<bool>("--no-encryption") { Description = "Do not encrypt calls (debugging, measuring); calls show NOT ENCRYPTED" };
        var allowUnencrypted = new Option<bool>("--allow-unencrypted") { Description = "Encrypt, but also take calls with peers that do not" };
        var noPostQuantum = new Option<bool>("--no-post-quantum") { Description = "Encrypt with ECDH alone, without ML-KEM-768: smaller CONVITE and ACEITO (for networks that drop fragmented datagrams), no protection against a future quantum computer" };
        var turn = new Option<string?>("--turn") { Description = "A TURN relay of your own for calls that cannot go direct: turn:USER:PASS@HOST[:PORT] (default: the one the registry offers)" };
        var stun = new Option<string?>("--stun") { Description = $"STUN server HOST[:PORT] that tells your NAT's mapping (default: the registry itself; port {RegistryServerOptions.DefaultPort} by default, as a Sala registry answers STUN there)" };
        var echoCancellation = new Option<string>("--echo-cancellation") { Description = "Cancel the echo of your speaker in your microphone: on, off or auto (on with a real microphone and speaker)", DefaultValueFactory = _ => "auto" };
        var noiseSuppression = new Option<string>("--noise-suppression") { Description = "Suppress steady background noise in your microphone: on, off or auto (on with a real microphone)", DefaultValueFactory = _ => "auto" };
        var dtx = new Option<string>("--dtx") { Description = "Send almost nothing while you are silent (Opus DTX; the other side hears comfort noise): on or off", DefaultValueFactory = _ => CallAgentOptions.DefaultDtx ? "on" : "off" };
        var frame = new Option<string>("--frame") { Description = "The packet time to ask the other side for: 10ms, 20ms, 40ms or 60ms (10ms for the lowest delay; longer packets cost less on the wire and add their length to the delay)", DefaultValueFactory = _ => "20ms" };
        var identity = Sala.Cli.Identity.IdentityCommand.IdentityOption();
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Serve this client's call figures to Prometheus at http://HOST:PORT/metrics (default: none)" };
        var keyLog = new Option<string?>("--key-log") { Description = "Debugging: append each call's SRTP keys to FILE (created 0600), to decrypt a capture of the call; whoever reads it can listen" };
        var impair = new Option<string?>("--impair") { Description = "Testing: impair sent datagrams, e.g. loss=10%,jitter=30ms,seed=1", Hidden = true };
        // Logs go to standard error at Warning by default: standard output is the client's screen (menu, panel, events).
        var logging = new LoggingOptions(Microsoft.Extensions.Logging.LogLevel.Warning, "Log only warnings and errors (the default; short for --log-level warning)");
        var command = new Command("client", "Register and make or take calls")
        {
            name, server, udpPort, call, answer, mic, speaker, hangupAfter, exitAfterCall, codec, plain, noEncryption, allowUnencrypted, noPostQuantum, turn, stun, echoCancellation, noiseSuppression, dtx, frame, identity, keyLog, impair, metricsPort,
        };
        logging.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var errors = new List<string>();
            RegistryAddress? serverAddress = null;
            if (result.GetValue(server) is { } serverText && !RegistryAddress.TryParse(serverText, out serverAddress, out var whyServer))
                errors.Add($"--server: {whyServer}");
            if (result.GetValue(udpPort) is < 0 or > 65535)
                errors.Add("--udp-port must be from 0 to 65535");
            if (!Enum.TryParse<AnswerMode>(result.GetValue(answer), ignoreCase: true, out var answerMode))
                errors.Add("--answer must be ask, yes or no");
            if (!AudioDeviceSpec.TryParseMicrophone(result.GetValue(mic), out var micSpec, out var whyMic))
                errors.Add($"--mic: {whyMic}");
            if (!AudioDeviceSpec.TryParseSpeaker(result.GetValue(speaker), out var speakerSpec, out var whySpeaker))
                errors.Add($"--speaker: {whySpeaker}");
            TimeSpan? hangup = null;
            if (result.GetValue(hangupAfter) is { } hangupText)
            {
                if (DurationText.TryParse(hangupText, out var parsed) && parsed > TimeSpan.Zero)
                    hangup = parsed;
                else
                    errors.Add($"--hangup-after: '{hangupText}' is not a duration such as 9s or 1m30s");
            }
            var codecName = result.GetValue(codec)?.ToLowerInvariant() ?? AudioCodecs.OpusName;
            if (!AudioCodecs.Names.Contains(codecName))
                errors.Add("--codec must be opus or pcm");
            if (!Impairment.TryParse(result.GetValue(impair), out var impairment, out var whyImpair))
                errors.Add($"--impair: {whyImpair}");
            TurnServer? turnServer = null;
            if (result.GetValue(turn) is { } turnText && !TurnServer.TryParse(turnText, out turnServer, out var whyTurn))
                errors.Add($"--turn: {whyTurn}");
            if (!Enum.TryParse<Switch>(result.GetValue(echoCancellation), ignoreCase: true, out var echoSwitch))
                errors.Add("--echo-cancellation must be on, off or auto");
            if (!Enum.TryParse<Switch>(result.GetValue(noiseSuppression), ignoreCase: true, out var noiseSwitch))
                errors.Add("--noise-suppression must be on, off or auto");
            if (!Enum.TryParse<Switch>(result.GetValue(dtx), ignoreCase: true, out var dtxSwitch) || dtxSwitch == Switch.Auto)
                errors.Add("--dtx must be on or off");
            var packetTime = result.GetValue(frame) switch
            {
                "10ms" => 10,
                "20ms" => 20,
                "40ms" => 40,
                "60ms" => 60,
                _ => 0,
            };
            if (packetTime == 0)
                errors.Add("--frame must be 10ms, 20ms, 40ms or 60ms");
            RegistryAddress? stunServer = null;
            if (result.GetValue(stun) is { } stunText && !RegistryAddress.TryParse(stunText, out stunServer, out var whyStun))
                errors.Add($"--stun: {whyStun}");
            else if (stunServer is { Tls: true })
                errors.Add("--stun: STUN is plain UDP: write HOST[:PORT], without tls://");
            if (result.GetValue(metricsPort) is < 1 or > 65535)
                errors.Add("--metrics-port must be from 1 to 65535");
            SrtpKeyLog? keys = null;
            if (result.GetValue(keyLog) is { } keyLogPath)
            {
                try
                {
                    keys = new SrtpKeyLog(keyLogPath);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
                {
                    errors.Add($"--key-log: cannot write {keyLogPath}: {ex.Message}");
                }
            }
            if (errors.Count > 0)
            {
                foreach (var error in errors)
                    Console.Error.WriteLine($"sala client: {error}");
                return ExitCodes.Usage;
            }

            var options = new ClientOptions
            {
                Name = result.GetValue(name),
                Server = serverAddress,
                UdpPort = result.GetValue(udpPort),
                Call = result.GetValue(call),
                Answer = answerMode,
                Microphone = micSpec!,
                Speaker = speakerSpec!,
                HangupAfter = hangup,
                ExitAfterCall = result.GetValue(exitAfterCall),
                Codec = codecName,
                Plain = result.GetValue(plain) || Console.IsOutputRedirected,
                Impairment = impairment!,
                Turn = turnServer,
                EchoCancellation = echoSwitch,
                NoiseSuppression = noiseSwitch,
                Dtx = dtxSwitch == Switch.On,
                PacketTime = packetTime,
                IdentityPath = result.GetValue(identity) is { } identityPath && identityPath != Sala.Cli.Identity.IdentityFile.None ? identityPath : null,
                Stun = stunServer,
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
}
