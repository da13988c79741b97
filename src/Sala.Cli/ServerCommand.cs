using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Sala.Cli.Logging;
using Sala.Cli.Metrics;
using Sala.Cli.Parsing;
using Sala.Registry;
using Sala.Registry.Redis;
using Sala.Registry.Tls;

namespace Sala.Cli;

/// <summary><c>sala server</c>: runs the registry until Ctrl+C or SIGTERM, then tells its clients BYE SHUTDOWN.</summary>
internal static class ServerCommand
{
    /// <summary>The category of every registry log event; one is enough for one server process.</summary>
    private const string LogCategory = "Sala.Registry";

    /// <summary>Every default of the options below: the registry's own, stated once in <see cref="RegistryServerOptions"/>.</summary>
    private static readonly RegistryServerOptions Defaults = new();

    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "TCP port to listen on (0 picks a free one)",
            DefaultValueFactory = _ => Defaults.Port,
        }.ParsedBy(Numbers.Port(minimum: 0));
        var bind = new Option<IPAddress>("--bind")
        {
            Description = "Address to listen on (0.0.0.0: all interfaces)",
            DefaultValueFactory = _ => Defaults.Bind,
        }.ParsedBy(ParseAddress);
        var idle = Durations.Option("--idle-timeout", "Close connections silent for this long", Defaults.IdleTimeout, TimeSpan.FromMilliseconds(1));
        var lineTimeout = Durations.Option(
            "--line-timeout", "Close connections that leave a line unfinished this long", Defaults.LineTimeout, TimeSpan.FromMilliseconds(1));
        var maxConnections = new Option<int>("--max-connections")
        {
            Description = "Connections held at once; more are told ERR BUSY (0: no limit)",
            DefaultValueFactory = _ => Defaults.MaxConnections,
        }.ParsedBy(Numbers.From(0, what: "a count"));
        var maxPerAddress = new Option<int>("--max-connections-per-address")
        {
            Description = "Connections held at once from one address (0: no limit)",
            DefaultValueFactory = _ => Defaults.MaxConnectionsPerAddress,
        }.ParsedBy(Numbers.From(0, what: "a count"));
        var pollThreads = new Option<int>("--poll-threads")
        {
            Description = "Threads serving plain connections with the server's own epoll loop, on Linux x86-64; one a core, up to 8 (0: the runtime's sockets)",
            DefaultValueFactory = _ => Defaults.PollThreads,
        }.ParsedBy(Numbers.From(0, 64, "a count"));
        var requestRate = new Option<double>("--request-rate")
        {
            Description = "Requests a second per connection; more are answered ERR RATE_LIMITED (0: no limit)",
            DefaultValueFactory = _ => Defaults.RequestsPerSecond,
        }.ParsedBy(Numbers.AtLeast(0, "a rate"));
        var requestBurst = new Option<int>("--request-burst")
        {
            Description = "Requests a connection may send at once before --request-rate applies",
            DefaultValueFactory = _ => Defaults.RequestBurst,
        }.ParsedBy(Numbers.From(1, what: "a count"));
        var metricsPort = new Option<int?>("--metrics-port")
        {
            Description = "Serve Prometheus metrics at http://HOST:PORT/metrics (default: none)",
        }.ParsedBy(Numbers.Port());
        var logging = new LoggingOptions(LogLevel.Information, "Log only warnings and errors (short for --log-level warning)");
        var store = new Option<RedisStoreAddress?>("--store")
        {
            Description = "Where registrations live: 'memory' (default, this process only) or redis://HOST:PORT[/DB], shared by every server using it",
        }.ParsedBy(ParseStore);
        var leaseTtl = Durations.Option(
            "--lease-ttl", "With Redis: how long the users of a crashed server stay registered", RedisRegistryStoreOptions.DefaultLeaseTtl, TimeSpan.FromSeconds(1));
        var turn = new Option<RegistryAddress?>("--turn")
        {
            Description = "A TURN relay (HOST:PORT) whose time-limited credentials registered clients may ask for (TURN); needs --turn-secret",
        }.ParsedBy(ParseTurnRelay);
        var turnSecret = new Option<string?>("--turn-secret")
        {
            Description = "The secret shared with the TURN relay (coturn: use-auth-secret, static-auth-secret); never logged",
        };
        var turnTtl = Durations.Option("--turn-ttl", "How long TURN credentials stay valid", TurnRelayOptions.DefaultLifetime, TimeSpan.FromMinutes(1));
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Where names claimed by identity keys are kept, so they survive a restart (none: in memory only)",
            DefaultValueFactory = _ => DefaultDataDir(),
        };
        var claimTtl = Durations.Option(
            "--claim-ttl", "How long a name claimed by an identity key stays claimed without its owner registering it", Defaults.ClaimTtl, TimeSpan.FromMinutes(1));
        var tlsCert = new Option<string?>("--tls-cert")
        {
            Description = "Speak TLS only on the port, with this PEM certificate (a full chain file is fine); needs --tls-key. Clients then use tls://HOST:PORT",
        };
        var tlsKey = new Option<string?>("--tls-key")
        {
            Description = "The unencrypted PEM private key of --tls-cert",
        };
        var command = new Command("server", "Run the registry server")
        {
            port, bind, idle, lineTimeout, maxConnections, maxPerAddress, requestRate, requestBurst, store, leaseTtl,
            turn, turnSecret, turnTtl, metricsPort, dataDir, claimTtl, tlsCert, tlsKey, pollThreads,
        };
        logging.AddTo(command);
        // One of a pair without the other: a relay without its secret could hand out no valid credentials.
        turn.Requires(turnSecret, "--turn-secret SECRET");
        turnSecret.Requires(turn, "--turn HOST:PORT");
        tlsCert.Requires(tlsKey, "--tls-key FILE");
        tlsKey.Requires(tlsCert, "--tls-cert FILE");
        command.SetAction(async (result, cancellationToken) =>
        {
            var redis = result.GetValue(store);
            var claimLapse = claimTtl.ValueIn(result);
            var turnRelay = result.GetValue(turn) is { } relay
                ? new TurnRelayOptions(relay.Host, relay.Port, result.GetValue(turnSecret)!, turnTtl.ValueIn(result))
                : null;
            if (!TryTls(result.GetValue(tlsCert), result.GetValue(tlsKey), out var tls, out var tlsError))
                return Fail(tlsError);
            using var certificate = tls;
            SqliteNameClaims? claims = null;
            // With Redis the claims live there, shared by every server using it; else in the data directory.
            if (redis is null && result.GetValue(dataDir) is { } directory && directory != "none")
            {
                try
                {
                    Directory.CreateDirectory(directory);
                    claims = new SqliteNameClaims(Path.Combine(directory, "claims.db"), claimLapse, TimeProvider.System);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
                {
                    return Fail($"--data-dir: cannot keep name claims in {directory}: {ex.Message}");
                }
            }
            using var claimsStore = claims;
            var options = new RegistryServerOptions
            {
                Turn = turnRelay,
                Bind = result.GetValue(bind)!,
                Port = result.GetValue(port),
                IdleTimeout = idle.ValueIn(result),
                LineTimeout = lineTimeout.ValueIn(result),
                MaxConnections = result.GetValue(maxConnections),
                MaxConnectionsPerAddress = result.GetValue(maxPerAddress),
                RequestsPerSecond = result.GetValue(requestRate),
                RequestBurst = result.GetValue(requestBurst),
                ClaimTtl = claimLapse,
                NameClaims = claims,
                Tls = certificate,
                PollThreads = result.GetValue(pollThreads),
            };
            var storeOptions = new RedisRegistryStoreOptions { LeaseTtl = leaseTtl.ValueIn(result) };
            using var log = logging.Create(result, Console.Out, TimeProvider.System);
            return await RunAsync(options, redis, storeOptions, log, result.GetValue(metricsPort), cancellationToken);
        });
        return command;
    }

    private static bool ParseAddress(string text, [NotNullWhen(true)] out IPAddress? address, [NotNullWhen(false)] out string? whyNot)
    {
        whyNot = IPAddress.TryParse(text, out address) ? null : $"'{text}' is not an IP address";
        return address is not null;
    }

    /// <summary>'memory' is the in-process store, null here; anything else a Redis address.</summary>
    private static bool ParseStore(string text, out RedisStoreAddress? redis, [NotNullWhen(false)] out string? whyNot)
    {
        redis = null;
        whyNot = null;
        if (string.Equals(text, "memory", StringComparison.OrdinalIgnoreCase))
            return true;
        if (RedisStoreAddress.TryParse(text, out redis, out var why))
            return true;
        whyNot = $"{why} (or 'memory')";
        return false;
    }

    /// <summary>HOST:PORT with the port written out: a relay has no well-known port of the registry's.</summary>
    private static bool ParseTurnRelay(string text, out RegistryAddress? relay, [NotNullWhen(false)] out string? whyNot)
    {
        var hasPort = text.StartsWith('[') ? text.Contains("]:", StringComparison.Ordinal) : text.Count(c => c == ':') == 1;
        if (hasPort && RegistryAddress.TryParse(text, out relay, out _) && !relay.Tls)
        {
            whyNot = null;
            return true;
        }
        relay = null;
        whyNot = $"'{text}' is not HOST:PORT, such as turn.example.org:3478";
        return false;
    }

    /// <summary><c>$XDG_STATE_HOME/sala</c>, else <c>~/.local/state/sala</c>: state a user's server keeps between runs.</summary>
    private static string DefaultDataDir()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state))
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "sala");
    }

    private static async Task<int> RunAsync(
        RegistryServerOptions options, RedisStoreAddress? redis, RedisRegistryStoreOptions storeOptions, SalaLogging logging, int? metricsPort,
        CancellationToken cancellationToken)
    {
        // Not with TLS: a handshake's signature and each record's decryption would then run on the socket event thread.
        if (options.Tls is null)
            UseInlineSocketCompletions();
        var time = TimeProvider.System;
        var log = logging.CreateLogger(LogCategory);
        void Announce(string line) => logging.Writer.Announce(LogCategory, line);
        // Declared before the server, so it is disposed after it: the server releases its names through the store.
        await using var redisStore = redis is null ? null : await RedisRegistryStore.ConnectAsync(redis, storeOptions, time, log);
        if (redisStore is not null)
            options = options with { NameClaims = redisStore.NameClaims(options.ClaimTtl, time) };
        await using var server = new RegistryServer(options, (IRegistryStore?)redisStore ?? new InMemoryRegistryStore(), time, log, redisStore);
        try
        {
            await server.StartAsync();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return Fail($"cannot listen on {options.Bind}:{options.Port}: {ex.Message}");
        }
        foreach (var address in ReachableAddresses.For(options.Bind))
            Announce($"Sala registry listening on {address}:{server.LocalEndPoint.Port}{(options.Tls is null ? "" : " (TLS)")}");
        if (options.Tls is { } tls)
        {
            // What a client prints when it pins the certificate on first use: its user compares the two.
            Announce($"Sala registry TLS certificate {tls.Subject}, SHA-256 {tls.Fingerprint}");
            if (tls.NotAfter < time.GetUtcNow())
                Announce($"Sala registry TLS certificate expired on {tls.NotAfter:yyyy-MM-dd}: clients that check it against their trust store refuse it");
        }
        if (redisStore is not null)
        {
            // Printed even with --quiet: a server that starts without its store answers every request ERR UNAVAILABLE.
            Announce(redisStore.IsConnected
                ? $"Sala registry store: {redisStore.Address}, lease TTL {storeOptions.LeaseTtl.TotalSeconds:0.###} s"
                : $"Sala registry store: {redisStore.Address} is not reachable yet; answering ERR UNAVAILABLE until it is");
        }
        if (options.Turn is not null)
            Announce($"Sala registry TURN relay: {options.Turn}");
        Announce(ServingLine(server.PollLoops, options));
        await using var stun = StartStun(options.Bind, server.LocalEndPoint.Port, Announce);
        using var metrics = metricsPort is { } scrapePort ? StartMetrics(scrapePort, Announce) : null;
        if (metricsPort is not null && metrics is null)
        {
            await server.StopAsync();
            return 2;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        Announce("Sala registry stopping");
        await server.StopAsync();
        Announce("Sala registry stopped");
        return 0;
    }

    /// <summary>
    /// The STUN answer on UDP, same port number: clients learn their NAT's mapping from the registry address alone. A
    /// port someone else holds costs the clients their server-reflexive candidate, not the registry: said, and on.
    /// </summary>
    private static StunResponder? StartStun(IPAddress bind, int port, Action<string> announce)
    {
        try
        {
            var stun = StunResponder.Start(bind, port);
            announce($"Sala registry STUN on UDP port {stun.LocalEndPoint.Port}");
            return stun;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Console.Error.WriteLine($"sala server: no STUN answer on UDP port {port}: {ex.Message}");
            return null;
        }
    }

    /// <summary>A port it cannot serve on stops the server: an operator who asked for metrics expects them scraped.</summary>
    private static PrometheusEndpoint? StartMetrics(int port, Action<string> announce)
    {
        try
        {
            var endpoint = PrometheusEndpoint.Start("sala-server", port, RegistryMetrics.MeterName);
            announce($"Sala registry metrics on http://0.0.0.0:{port}/metrics");
            return endpoint;
        }
        catch (InvalidOperationException ex)
        {
            Fail($"--metrics-port: cannot serve on port {port}: {(ex.InnerException ?? ex).Message}");
            return null;
        }
    }

    /// <summary>Files that cannot serve are refused now, naming the file and why; both or neither were given (checked in parsing).</summary>
    private static bool TryTls(string? certificatePath, string? keyPath, out RegistryTlsCertificate? tls, out string error)
    {
        tls = null;
        error = "";
        if (certificatePath is null || keyPath is null)
            return true;
        try
        {
            tls = RegistryTlsCertificate.LoadPem(certificatePath, keyPath);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Security.Cryptography.CryptographicException)
        {
            error = $"--tls-cert/--tls-key: {ex.Message}";
            return false;
        }
    }

    /// <summary>
    /// Runs socket completions on the thread that polled them instead of queueing each to the thread pool: the
    /// registry never blocks while handling a request, so what still goes through the runtime's sockets (accepting,
    /// the Redis store's replies, and every request where the server's own poll loop does not serve: see
    /// RegistryServerOptions.PollThreads) saves a thread hop each (docs/benchmarks.md). The runtime reads this
    /// variable once, when the first socket is used, so it is set before the server or the Redis store open one; an
    /// explicit setting wins.
    /// </summary>
    private static void UseInlineSocketCompletions()
    {
        const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(Variable) is null)
            Environment.SetEnvironmentVariable(Variable, "1");
    }

    /// <summary>How connections are served, so an operator sees whether --poll-threads took effect and why not.</summary>
    internal static string ServingLine(int pollLoops, RegistryServerOptions options)
    {
        if (pollLoops > 0)
            return $"Sala registry serving connections on {pollLoops} poll loop{(pollLoops == 1 ? "" : "s")}";
        var why = options.Tls is not null ? "a TLS port" : options.PollThreads == 0 ? "--poll-threads 0" : "no poll loop on this system";
        return $"Sala registry serving connections on the runtime's sockets ({why})";
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"sala server: {message}");
        return 2;
    }
}
