namespace Sala.Testing.Nat;

/// <summary>
/// What both sides of a <see cref="NatCall"/> did: exit codes (the callee's null when it had to be killed), their
/// output lines and the WAV files of what each heard.
/// </summary>
public sealed record NatCallResult(
    int CallerExitCode, IReadOnlyList<string> CallerOutput, string CallerRecording,
    int? CalleeExitCode, IReadOnlyList<string> CalleeOutput, string CalleeRecording,
    string Transcript)
{
    public CallPathLine? CallerPath => CallPathLine.In(CallerOutput);

    public CallPathLine? CalleePath => CallPathLine.In(CalleeOutput);
}
