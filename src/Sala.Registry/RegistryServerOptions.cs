using System.Net;

namespace Sala.Registry;

/// <summary>
/// How a registry server listens and what it allows. Every limit is stated once, here; 0 turns a count or rate
/// limit off (the load tools measure the server without them).
/// </summary>
public sealed record RegistryServerOptions
{
    /// <summary>The registry's well-known TCP port, used by clients when a server address has none.</summary>
    public const int DefaultPort = 7070;

    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Room for one machine's worth of users (docs/benchmarks.md: ~20 000 at ~4.5 kB each) and no more.</summary>
    public const int DefaultMaxConnections = 20_000;

    /// <summary>Generous for a NAT in front of an office, small next to the whole: one address cannot take the server.</summary>
    public const int DefaultMaxConnectionsPerAddress = 1_000;

    /// <summary>A client looks a name up now and then and PINGs every 20 s: 20 a second is far beyond any person.</summary>
    public const double DefaultRequestsPerSecond = 20;

    public const int DefaultRequestBurst = 40;

    /// <summary>A call offer or two a second is plenty for a person; a burst covers a few calls placed at once.</summary>
    public const double DefaultMessagesPerSecond = 10;

    public const int DefaultMessageBurst = 20;

    /// <summary>Twice a sender's allowance: a few callers at once get through, a flood of offers to one user does not.</summary>
    public const double DefaultMessagesPerRecipientPerSecond = 20;

    public const int DefaultRecipientBurst = 40;

    /// <summary>MSG lines waiting for a recipient that does not read; more are refused to their senders.</summary>
    public const int DefaultMessageQueueLength = 32;

    /// <summary>A line of at most 512 bytes takes no honest client this long to send (slowloris defence).</summary>
    public static readonly TimeSpan DefaultLineTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Where to listen; <see cref="IPAddress.IPv6Any"/> (dual-stack) or <see cref="IPAddress.Any"/> mean every interface.</summary>
    public IPAddress Bind { get; init; } = IPAddress.Any;

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>A connection that sends no complete request for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>A connection that started a line and has not finished it this long after is closed.</summary>
    public TimeSpan LineTimeout { get; init; } = DefaultLineTimeout;

    /// <summary>Connections held at once; one more is told <c>ERR BUSY</c> and closed. 0: no limit.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>Connections held at once from one source address; 0: no limit.</summary>
    public int MaxConnectionsPerAddress { get; init; } = DefaultMaxConnectionsPerAddress;

    /// <summary>Sustained requests a second per connection; beyond it (after the burst) <c>ERR RATE_LIMITED</c>. 0: no limit.</summary>
    public double RequestsPerSecond { get; init; } = DefaultRequestsPerSecond;

    /// <summary>Requests a connection may send at once before the rate applies.</summary>
    public int RequestBurst { get; init; } = DefaultRequestBurst;

    /// <summary>SEND requests a second per sending connection, beyond which <c>ERR RATE_LIMITED</c>. 0: no limit.</summary>
    public double MessagesPerSecond { get; init; } = DefaultMessagesPerSecond;

    public int MessageBurst { get; init; } = DefaultMessageBurst;

    /// <summary>Messages a second to one recipient, from all senders through this server. 0: no limit.</summary>
    public double MessagesPerRecipientPerSecond { get; init; } = DefaultMessagesPerRecipientPerSecond;

    public int RecipientBurst { get; init; } = DefaultRecipientBurst;

    /// <summary>MSG lines queued for one connection at most; a sender to a full queue is told <c>ERR RATE_LIMITED</c>.</summary>
    public int MessageQueueLength { get; init; } = DefaultMessageQueueLength;

    /// <summary>The TURN relay whose credentials <c>TURN</c> hands out; null: <c>ERR NOT_FOUND relay</c>.</summary>
    public TurnRelayOptions? Turn { get; init; }

    /// <summary>How long a name claimed by an identity key stays claimed without its owner registering it (issue 16).</summary>
    public static readonly TimeSpan DefaultClaimTtl = TimeSpan.FromDays(180);

    public TimeSpan ClaimTtl { get; init; } = DefaultClaimTtl;

    /// <summary>Where names claimed by identity keys are kept; null keeps them in memory while the server runs.</summary>
    public INameClaims? NameClaims { get; init; }

    /// <summary>
    /// The certificate of a port that speaks TLS only (<c>sala server --tls-cert --tls-key</c>); null: plain TCP, the
    /// seed's protocol. Owned by the caller.
    /// </summary>
    public Tls.RegistryTlsCertificate? Tls { get; init; }

    /// <summary>
    /// Threads that serve plain-TCP connections with the server's own level-triggered epoll loop (Linux on x86-64),
    /// as Redis serves its clients with one. 0, a TLS port or another system: the runtime's asynchronous sockets.
    /// </summary>
    public int PollThreads { get; init; } = DefaultPollThreads;

    /// <summary>One a core, up to 8: connections are spread over the loops as they come.</summary>
    public static readonly int DefaultPollThreads = Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>Names this server in registration ownership tokens, so servers sharing a store tell owners apart.</summary>
    public string ServerId { get; init; } = Guid.NewGuid().ToString("N")[..12];
}
