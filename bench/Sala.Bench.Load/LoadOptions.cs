using System.Globalization;
using System.Net;

namespace Sala.Bench.Load;

internal sealed record LoadOptions(int Connections, TimeSpan Duration, TimeSpan Warmup, IPEndPoint? Registry, IPEndPoint? Redis, bool InProcess, int Hold = 0, bool Tls = false)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Sala.Bench.Load -- [--connections 50] [--seconds 5] [--warmup 2]
               [--registry HOST:PORT | --in-process] [--redis HOST:PORT]
           or: dotnet run -c Release --project bench/Sala.Bench.Load -- --hold 19500   (capacity; see docs/benchmarks.md)
           or: dotnet run -c Release --project bench/Sala.Bench.Load -- --hold 5000 --tls   (capacity, plain then TLS)
        Without --registry it runs `sala server` (in-memory store) as a child process, or with --in-process inside this
        process (and reports the bytes allocated per request); without --redis it starts a redis-server.
        """;

    /// <summary>The options; throws <see cref="ArgumentException"/> or <see cref="FormatException"/> on bad ones.</summary>
    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions(50, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), null, null, false);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "--in-process" or "--tls")
            {
                options = args[i] == "--tls" ? options with { Tls = true } : options with { InProcess = true };
                i--;
                continue;
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--connections" => options with { Connections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture)) },
                "--registry" => options with { Registry = IPEndPoint.Parse(value) },
                "--redis" => options with { Redis = IPEndPoint.Parse(value) },
                "--hold" => options with { Hold = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}
