using Sala.Bench.Soak;
using Sala.Cli.Parsing;

// Usage: dotnet run -c Release --project bench/Sala.Bench.Soak -- registry [--cycles 10000] [--connections 100]
//        dotnet run -c Release --project bench/Sala.Bench.Soak -- call [--minutes 10] [--impair loss=5%,jitter=30ms] [--codec opus] [--mic tone|speech]
//        dotnet run -c Release --project bench/Sala.Bench.Soak -- drift [--minutes 10] [--ppm 100]
return await SoakCommand.Create().Parse(args).InvokeOrReportAsync("Sala.Bench.Soak", Console.Error);
