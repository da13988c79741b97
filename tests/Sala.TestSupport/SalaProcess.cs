namespace Sala.Testing;

/// <summary>The built <c>sala.dll</c> of the test's output folder, run as a child process.</summary>
public static class SalaProcess
{
    public static ChildProcess Start(params string[] args) => ChildProcess.StartDotnet("sala.dll", args);

    public static ChildProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        ChildProcess.StartDotnet("sala.dll", args, environment);
}
