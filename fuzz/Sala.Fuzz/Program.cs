using System.CommandLine;
using Sala.Cli.Parsing;
using Sala.Fuzz;
using SharpFuzz;

// Usage: dotnet Sala.Fuzz.dll <target>            (under afl-fuzz, after fuzz/run.sh instrumented the libraries)
//        dotnet Sala.Fuzz.dll <target> FILE...     (replays inputs, e.g. a crash AFL++ saved, without AFL++)
var names = FuzzTargets.All.Keys.ToList();
var target = new Argument<string>("target") { Description = "The parser or buffer to fuzz", HelpName = string.Join('|', names) }
    .ParsedBy(Choice.AmongNames(names));
var files = new Argument<FileInfo[]>("file")
{
    Description = "Inputs to replay without AFL++, e.g. a crash it saved (none: read inputs from AFL++)",
    Arity = ArgumentArity.ZeroOrMore,
}.AcceptExistingOnly();
var command = new RootCommand("SharpFuzz harnesses of the parsers and buffers that read network bytes; fuzz/run.sh runs them under AFL++.")
{
    target, files,
};
command.SetAction(result => Run(FuzzTargets.All[result.GetValue(target)!], result.GetValue(files) ?? []));
return await command.Parse(args).InvokeOrReportAsync("Sala.Fuzz", Console.Error);

static int Run(Action<byte[]> target, FileInfo[] files)
{
    foreach (var file in files)
    {
        target(File.ReadAllBytes(file.FullName));
        Console.WriteLine($"{file}: ok");
    }
    if (files.Length > 0)
        return 0;
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        target(copy.ToArray());
    });
    return 0;
}
