namespace Sala.Audio.Native;

/// <summary>
/// Points file descriptor 2 at /dev/null until disposed, on Linux only.
/// </summary>
/// <remarks>
/// Debian's PortAudio probes JACK and every PCM in the ALSA configuration while it initialises, and both libraries
/// print their failures ("Cannot connect to server socket", "ALSA lib pcm.c: Unknown PCM cards.pcm.rear") straight
/// to stderr, a dozen lines over the user's terminal. There is no environment variable that quiets both (JACK has
/// none; ALSA's handler can only be replaced through its API, and JACK's through a library PortAudio loads itself),
/// so the descriptor is redirected for the duration of the call. The price: anything else the process writes to
/// stderr in those milliseconds is lost, which is why it is done around Pa_Initialize and opening a stream only,
/// never around reads and writes, which run all call long. (Debian's PortAudio also prints "Expression ... failed"
/// when a device vanishes mid-stream; that one line burst is not hidden.)
/// </remarks>
internal sealed class StandardErrorMute : IDisposable
{
    private readonly int _saved;

    private StandardErrorMute(int saved) => _saved = saved;

    public static StandardErrorMute Start()
    {
        if (!OperatingSystem.IsLinux())
            return new StandardErrorMute(-1);
        try
        {
            var devNull = LibC.Open("/dev/null", LibC.WriteOnly);
            if (devNull < 0)
                return new StandardErrorMute(-1);
            var saved = LibC.Dup(LibC.StandardError);
            if (saved < 0 || LibC.Dup2(devNull, LibC.StandardError) < 0)
            {
                if (saved >= 0)
                    LibC.Close(saved);
                LibC.Close(devNull);
                return new StandardErrorMute(-1);
            }

            LibC.Close(devNull);
            return new StandardErrorMute(saved);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libc we cannot call into (unusual Linux): the noise shows, nothing breaks.
            return new StandardErrorMute(-1);
        }
    }

    public void Dispose()
    {
        if (_saved < 0)
            return;
        LibC.Dup2(_saved, LibC.StandardError);
        LibC.Close(_saved);
    }
}
