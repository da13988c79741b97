using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>
/// Pa_Initialize and Pa_Terminate, reference-counted: the catalog and every open stream hold a reference, and the
/// last one out terminates. <see cref="Gate"/> also serialises PortAudio's non-I/O calls, which are not thread-safe
/// (opening, starting, stopping and closing streams, listing devices); reads and writes do not take it.
/// </summary>
internal static unsafe class PortAudioRuntime
{
    public static readonly Lock Gate = new();

    private static int _references;

    /// <summary>Initialises PortAudio if this is the first reference.</summary>
    /// <exception cref="AudioUnavailableException">The library is not installed.</exception>
    /// <exception cref="PortAudioException">Pa_Initialize failed.</exception>
    public static void Acquire()
    {
        lock (Gate)
        {
            if (_references == 0)
            {
                if (!PortAudioLibrary.TryLoad())
                    throw AudioUnavailableException.LibraryMissing(PortAudioLibrary.Candidates);
                AlsaErrorSilencer.Install();
                int error;
                using (StandardErrorMute.Start())
                    error = PortAudioNative.Pa_Initialize();
                Check(error, "cannot initialise PortAudio");
            }

            _references++;
        }
    }

    public static void Release()
    {
        lock (Gate)
        {
            if (_references == 0)
                return;
            if (--_references == 0)
                _ = PortAudioNative.Pa_Terminate();
        }
    }

    /// <summary>Throws a <see cref="PortAudioException"/> saying what failed and why, unless <paramref name="error"/> is paNoError (or positive, a count).</summary>
    public static void Check(int error, string what)
    {
        if (error < 0)
            throw new PortAudioException($"{what}: {ErrorText(error)}", error);
    }

    /// <summary>PortAudio's text for the error, with the host API's own text when PortAudio only says "unanticipated host error".</summary>
    public static string ErrorText(int error)
    {
        var text = Marshal.PtrToStringUTF8(PortAudioNative.Pa_GetErrorText(error)) ?? $"PortAudio error {error}";
        if (error != PortAudioNative.UnanticipatedHostError)
            return text;
        // The host's own error (ALSA's, WASAPI's...) is usually the more telling one.
        var host = PortAudioNative.Pa_GetLastHostErrorInfo();
        if (host is null || host->ErrorCode.Value == 0)
            return text;
        var hostText = Marshal.PtrToStringUTF8(host->ErrorText);
        return string.IsNullOrEmpty(hostText) ? $"{text} (host error {host->ErrorCode.Value})" : $"{text}: {hostText} (host error {host->ErrorCode.Value})";
    }
}
