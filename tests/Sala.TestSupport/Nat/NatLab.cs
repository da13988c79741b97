using System.Globalization;

namespace Sala.Testing.Nat;

/// <summary>
/// tests/nat/lab.sh brought up, coturn and the registries started in its "internet" (ntinet), and everything ended
/// again on dispose. Shared by tests/Sala.Nat.Tests and bench/Sala.Bench.Nat; needs root and the tools that
/// tests/env/nat.sh installs, and says so instead of skipping.
/// </summary>
public sealed class NatLab : IAsyncDisposable
{
    public const string TurnSecret = "SECRET";
    public const string TurnServer = "198.51.100.20:3478";
    public const string RegistryAddress = "198.51.100.10";
    public const int RelayRegistryPort = 7070;
    public const int PlainRegistryPort = 7071;

    private static readonly TimeSpan ScriptDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly string _script;
    private readonly string _stateFolder;
    private readonly List<ChildProcess> _daemons = [];
    private LabRegistry? _relayRegistry;
    private string _relayRegistryProblem = "not started";

    private NatLab(string script, string stateFolder)
    {
        _script = script;
        _stateFolder = stateFolder;
    }

    /// <summary>The registry that hands out TURN credentials (<c>--turn</c>, port 7070).</summary>
    public LabRegistry RelayRegistry => _relayRegistry
        ?? throw new InvalidOperationException($"the registry with a relay (port {RelayRegistryPort}) did not start: {_relayRegistryProblem}");

    /// <summary>A registry without a relay (port 7071), for the calls that must fail without one.</summary>
    public LabRegistry PlainRegistry { get; private set; } = null!;

    /// <summary>The sala.dll clients and servers run (beside the test or tool).</summary>
    public static string SalaDll => Path.Combine(AppContext.BaseDirectory, "sala.dll");

    public static async Task<NatLab> StartAsync()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("the NAT lab needs root (network namespaces, nftables): run the NAT tests as root");
        foreach (var tool in new[] { "ip", "nft", "conntrack", "turnserver", "ping", "dotnet" })
        {
            if (!OnPath(tool))
                throw new InvalidOperationException($"the NAT lab needs {tool}: run ./test.sh, which installs what tests/env/nat.sh lists");
        }

        var script = Path.Combine(AppContext.BaseDirectory, "nat", "lab.sh");
        var state = Path.Combine(Path.GetTempPath(), "sala-nat-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(state);
        var lab = new NatLab(script, state);
        try
        {
            await lab.RunScriptAsync("up");
            lab.StartTurnServer();
            lab.PlainRegistry = lab.StartRegistry(PlainRegistryPort, withRelay: false, out var whyNot)
                ?? throw new InvalidOperationException($"sala server did not start on {RegistryAddress}:{PlainRegistryPort}: {whyNot}");
            lab._relayRegistry = lab.StartRegistry(RelayRegistryPort, withRelay: true, out lab._relayRegistryProblem);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sets both routers' kinds; each router's conntrack is flushed, so no earlier mapping survives.</summary>
    public Task SetNatAsync(NatKind routerA, NatKind routerB) =>
        RunScriptAsync("nat", "A", Name(routerA), "B", Name(routerB));

    /// <summary>Runs <c>dotnet sala.dll ARGS</c> in <paramref name="host"/>'s namespace.</summary>
    public static ChildProcess StartSala(LabHost host, IEnumerable<string> args) => StartSala(host.Namespace, args);

    /// <summary>Runs a command in namespace <paramref name="ns"/> to its end (bounded) and returns its output lines.</summary>
    public static async Task<IReadOnlyList<string>> RunInAsync(string ns, params string[] command)
    {
        await using var run = ChildProcess.Start("ip", new[] { "netns", "exec", ns }.Concat(command));
        var exitCode = await run.WaitForExitAsync(ScriptDeadline);
        if (exitCode != 0)
            throw new InvalidOperationException($"exited {exitCode}; {run.Transcript}");
        return [.. run.Output];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var daemon in _daemons)
        {
            // The lab is about to go: nothing in it needs a graceful goodbye, and coturn takes 2-3 s for one.
            await daemon.DisposeAsync();
        }

        _daemons.Clear();
        try
        {
            await RunScriptAsync("down");
        }
        finally
        {
            Directory.Delete(_stateFolder, recursive: true);
        }
    }

    private static ChildProcess StartSala(string ns, IEnumerable<string> args) =>
        ChildProcess.StartWithHome("ip", new[] { "netns", "exec", ns, "dotnet", SalaDll }.Concat(args));

    private void StartTurnServer()
    {
        // coturn 4.6 prints its "UDP listener opened" lines only with -v: the readiness signal awaited here.
        var turn = ChildProcess.Start("ip",
        [
            "netns", "exec", "ntinet", "turnserver", "-n", "-v",
            "--listening-ip", "198.51.100.20", "--listening-ip", "198.51.100.21", "--relay-ip", "198.51.100.20",
            "--realm", "sala", "--use-auth-secret", $"--static-auth-secret={TurnSecret}",
            "--no-tls", "--no-dtls", "--no-cli", "--log-file", "stdout", "--simple-log",
            "--pidfile", Path.Combine(_stateFolder, "turnserver.pid"),
        ]);
        _daemons.Add(turn);
        turn.WaitForLine(l => l.Contains($"UDP listener opened on: {TurnServer}", StringComparison.Ordinal), StartDeadline);
    }

    /// <summary>A started registry, or null with the reason kept (today's server may not know --turn yet).</summary>
    private LabRegistry? StartRegistry(int port, bool withRelay, out string whyNot)
    {
        whyNot = "";
        string[] args = ["server", "--bind", RegistryAddress, "--port", port.ToString(CultureInfo.InvariantCulture)];
        if (withRelay)
            args = [.. args, "--turn", TurnServer, "--turn-secret", TurnSecret];
        var server = StartSala("ntinet", args);
        _daemons.Add(server);
        try
        {
            server.WaitForLine(l => l.Contains("listening", StringComparison.Ordinal), StartDeadline);
            return new LabRegistry(server, $"{RegistryAddress}:{port}", withRelay);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            whyNot = e.Message;
            return null;
        }
    }

    private async Task RunScriptAsync(params string[] args)
    {
        var environment = new Dictionary<string, string> { ["NATLAB_STATE"] = _stateFolder };
        await using var run = ChildProcess.Start("bash", new[] { _script }.Concat(args), environment);
        var exitCode = await run.WaitForExitAsync(ScriptDeadline);
        if (exitCode != 0)
            throw new InvalidOperationException($"lab.sh {string.Join(' ', args)} exited {exitCode}; {run.Transcript}");
    }

    private static string Name(NatKind kind) => kind switch
    {
        NatKind.Cone => "cone",
        NatKind.Symmetric => "symmetric",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
}
