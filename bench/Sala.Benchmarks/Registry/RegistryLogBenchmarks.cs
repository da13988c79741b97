using System.Buffers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sala.Protocol.Registry;
using Sala.Registry;

namespace Sala.Benchmarks.Registry;

/// <summary>
/// What logging costs a registry request: a PING parsed, answered and logged as <c>RegistryConnection</c> does, with
/// no logger at all, with a real logger at Information (the default: the request's Debug line is off) and at Debug
/// (on, written to nowhere). At Information a request must allocate nothing more than without a logger: 0 B.
/// </summary>
[MemoryDiagnoser]
public class RegistryLogBenchmarks
{
    private const string Remote = "127.0.0.1:50000";

    /// <summary>The line as the server's framer hands it on: without its '\n'.</summary>
    private static readonly byte[] Ping = RegistryRequestWriter.ToLine(RegistryRequest.Ping())[..^1];

    /// <summary>Instruments nobody listens to, as on a server run without --metrics-port.</summary>
    private static readonly RegistryMetrics Metrics = new(() => 0);

    private readonly ArrayBufferWriter<byte> _reply = new(64);
    private RegistryRequestHandler _silent = null!;
    private RegistryRequestHandler _information = null!;
    private RegistryRequestHandler _debug = null!;
    private ILogger _informationLog = null!;
    private ILogger _debugLog = null!;
    private ILoggerFactory _informationFactory = null!;
    private ILoggerFactory _debugFactory = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _informationFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(new DiscardingLoggerProvider()));
        _debugFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new DiscardingLoggerProvider()));
        _informationLog = _informationFactory.CreateLogger("Sala.Registry");
        _debugLog = _debugFactory.CreateLogger("Sala.Registry");
        _silent = Handler(NullLogger.Instance);
        _information = Handler(_informationLog);
        _debug = Handler(_debugLog);
    }

    [GlobalCleanup]
    public void CleanUp()
    {
        _informationFactory.Dispose();
        _debugFactory.Dispose();
    }

    [Benchmark(Baseline = true, Description = "PING, no logger")]
    public int NoLogger() => Handle(_silent, NullLogger.Instance);

    [Benchmark(Description = "PING, logger at Information")]
    public int AtInformation() => Handle(_information, _informationLog);

    [Benchmark(Description = "PING, logger at Debug")]
    public int AtDebug() => Handle(_debug, _debugLog);

    private int Handle(RegistryRequestHandler handler, ILogger log)
    {
        _reply.ResetWrittenCount();
        var pending = handler.HandleAsync(RegistryRequestParser.Parse(Ping), _reply, CancellationToken.None);
        // PING touches no store: it completes at once, as it does on the server.
        if (!pending.IsCompleted)
            throw new InvalidOperationException("PING did not complete synchronously");
        var outcome = pending.Result;
        log.RequestHandled(Remote, outcome.Summary);
        return _reply.WrittenCount;
    }

    private static RegistryRequestHandler Handler(ILogger log)
    {
        var options = new RegistryServerOptions();
        var store = new InMemoryRegistryStore();
        var router = new MessageRouter(options, store, relay: null, TimeProvider.System, _ => null, log);
        return new RegistryRequestHandler(store, new RegistrationOwner("bench", 1), log, Remote, router, Metrics, new InMemoryNameClaims(RegistryServerOptions.DefaultClaimTtl, TimeProvider.System));
    }
}
