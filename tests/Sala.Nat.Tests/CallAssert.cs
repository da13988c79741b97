using Sala.Media;
using Sala.Media.Analysis;
using Sala.Media.Devices;

namespace Sala.Nat.Tests;

/// <summary>The contract of a NAT call, checked on a <see cref="NatCallResult"/>; every failure shows both transcripts.</summary>
internal static class CallAssert
{
    /// <summary>Both exited 0 and each recording ends with the other's tone.</summary>
    public static void BothHeardEachOther(NatCallResult call)
    {
        Assert.True(call.CallerExitCode == 0, $"the caller exited {call.CallerExitCode}\n{call.Transcript}");
        Assert.True(call.CalleeExitCode == 0, $"the callee exited {Describe(call.CalleeExitCode)}\n{call.Transcript}");
        Heard(call.CallerRecording, NatCall.CalleeTone, "the caller", call);
        Heard(call.CalleeRecording, NatCall.CallerTone, "the callee", call);
    }

    /// <summary>Each side printed a <c>call path:</c> line whose path starts with <paramref name="pathPrefix"/>.</summary>
    public static void BothPathsStartWith(NatCallResult call, string pathPrefix)
    {
        PathStartsWith(call.CallerPath, pathPrefix, "the caller", call);
        PathStartsWith(call.CalleePath, pathPrefix, "the callee", call);
    }

    /// <summary>At least one side's <c>call path:</c> line starts with <paramref name="pathPrefix"/>.</summary>
    public static void EitherPathStartsWith(NatCallResult call, string pathPrefix) =>
        Assert.True(
            new[] { call.CallerPath, call.CalleePath }.Any(p => p is not null && p.Path.StartsWith(pathPrefix, StringComparison.Ordinal)),
            $"neither side printed '{CallPathLine.Prefix}{pathPrefix}...'\n{call.Transcript}");

    /// <summary>
    /// Both sides call it encrypted and show the same four words: the key agreement held end to end, so whatever
    /// relayed the call saw only SRTP.
    /// </summary>
    public static void EncryptedEndToEnd(NatCallResult call)
    {
        var callerCode = CodeIn(call.CallerOutput);
        Assert.True(callerCode is not null, $"the caller showed no code\n{call.Transcript}");
        Assert.True(callerCode == CodeIn(call.CalleeOutput), $"the two sides show different codes\n{call.Transcript}");
    }

    /// <summary>No line of either side contains <paramref name="word"/> (e.g. "relayed").</summary>
    public static void NeitherSays(NatCallResult call, string word)
    {
        var line = call.CallerOutput.Concat(call.CalleeOutput).FirstOrDefault(l => l.Contains(word, StringComparison.Ordinal));
        Assert.True(line is null, $"'{line}' says {word}\n{call.Transcript}");
    }

    /// <summary>The callee never got into the call: no "in call with", no call path.</summary>
    public static void CalleeNeverInCall(NatCallResult call)
    {
        var line = call.CalleeOutput.FirstOrDefault(l =>
            l.StartsWith("in call with", StringComparison.Ordinal) || l.StartsWith(CallPathLine.Prefix, StringComparison.Ordinal));
        Assert.True(line is null, $"the callee reported a call: '{line}'\n{call.Transcript}");
    }

    private static string? CodeIn(IEnumerable<string> output)
    {
        // "encrypted, code: " or "encrypted, post-quantum, code: ".
        const string marker = ", code: ";
        var line = output.FirstOrDefault(l => l.StartsWith("in call with", StringComparison.Ordinal) && l.Contains(marker, StringComparison.Ordinal));
        if (line is null)
            return null;
        var start = line.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = line.IndexOf(" (", start, StringComparison.Ordinal);
        return end < 0 ? null : line[start..end];
    }

    private static void PathStartsWith(CallPathLine? path, string pathPrefix, string who, NatCallResult call)
    {
        Assert.True(path is not null, $"{who} printed no '{CallPathLine.Prefix}PATH, set up in N ms' line\n{call.Transcript}");
        Assert.True(path.Path.StartsWith(pathPrefix, StringComparison.Ordinal),
            $"{who}'s path is '{path.Path}', expected '{pathPrefix}...'\n{call.Transcript}");
    }

    private static void Heard(string recording, int hz, string who, NatCallResult call)
    {
        Assert.True(File.Exists(recording), $"{who} recorded nothing\n{call.Transcript}");
        var samples = WavFiles.ReadAsAudioFormat(recording);
        Assert.True(samples.Length > AudioFormat.SampleRate, $"{who} recorded {samples.Length} samples\n{call.Transcript}");
        var level = AudioAnalysis.ToneLevel(samples.AsSpan(samples.Length - AudioFormat.SampleRate), hz);
        Assert.True(level > 0.5, $"{who} heard the {hz} Hz tone at level {level:0.00}, expected > 0.5\n{call.Transcript}");
    }

    private static string Describe(int? exitCode) => exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "never (killed)";
}
