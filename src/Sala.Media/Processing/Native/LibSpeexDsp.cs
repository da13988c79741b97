using System.Runtime.InteropServices;

namespace Sala.Media.Processing.Native;

/// <summary>
/// The speexdsp entry points Sala calls (speex_echo.h and speex_preprocess.h of speexdsp 1.2), resolved once through
/// <see cref="NativeLibrary"/> as unmanaged function pointers: no marshalling stubs and no allocation per frame.
/// <see cref="Instance"/> is null when no speexdsp loads. The ctl functions take a <c>void*</c>, not varargs, so they
/// are called as ordinary functions on every ABI.
/// </summary>
internal sealed unsafe class LibSpeexDsp
{
    // speex_echo.h
    public const int EchoSetSamplingRate = 24;

    // speex_preprocess.h
    public const int PreprocessSetDenoise = 0;
    public const int PreprocessSetAgc = 2;
    public const int PreprocessSetAgcLevel = 6;
    public const int PreprocessSetNoiseSuppress = 18;

    private static readonly Lazy<LibSpeexDsp?> Loaded = new(() => Load(CandidateNames()));

    private readonly delegate* unmanaged[Cdecl]<int, int, nint> _echoStateInit;
    private readonly delegate* unmanaged[Cdecl]<nint, void> _echoStateDestroy;
    private readonly delegate* unmanaged[Cdecl]<nint, short*, short*, short*, void> _echoCancellation;
    private readonly delegate* unmanaged[Cdecl]<nint, int, void*, int> _echoCtl;
    private readonly delegate* unmanaged[Cdecl]<int, int, nint> _preprocessStateInit;
    private readonly delegate* unmanaged[Cdecl]<nint, void> _preprocessStateDestroy;
    private readonly delegate* unmanaged[Cdecl]<nint, short*, int> _preprocessRun;
    private readonly delegate* unmanaged[Cdecl]<nint, int, void*, int> _preprocessCtl;

    private LibSpeexDsp(nint library, string name)
    {
        Name = name;
        _echoStateInit = (delegate* unmanaged[Cdecl]<int, int, nint>)NativeLibrary.GetExport(library, "speex_echo_state_init");
        _echoStateDestroy = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(library, "speex_echo_state_destroy");
        _echoCancellation = (delegate* unmanaged[Cdecl]<nint, short*, short*, short*, void>)NativeLibrary.GetExport(library, "speex_echo_cancellation");
        _echoCtl = (delegate* unmanaged[Cdecl]<nint, int, void*, int>)NativeLibrary.GetExport(library, "speex_echo_ctl");
        _preprocessStateInit = (delegate* unmanaged[Cdecl]<int, int, nint>)NativeLibrary.GetExport(library, "speex_preprocess_state_init");
        _preprocessStateDestroy = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(library, "speex_preprocess_state_destroy");
        _preprocessRun = (delegate* unmanaged[Cdecl]<nint, short*, int>)NativeLibrary.GetExport(library, "speex_preprocess_run");
        _preprocessCtl = (delegate* unmanaged[Cdecl]<nint, int, void*, int>)NativeLibrary.GetExport(library, "speex_preprocess_ctl");
    }

    /// <summary>The library loaded from the usual names, or null when none of them loads with the whole API.</summary>
    public static LibSpeexDsp? Instance => Loaded.Value;

    /// <summary>The name the library was loaded by, such as "libspeexdsp.so.1".</summary>
    public string Name { get; }

    /// <summary>Loads the first of <paramref name="names"/> that has every entry point, or returns null.</summary>
    public static LibSpeexDsp? Load(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out var library))
                continue;
            try
            {
                return new LibSpeexDsp(library, name);
            }
            catch (EntryPointNotFoundException)
            {
                // A speexdsp too old for this API (or something else by that name): look further.
            }

            NativeLibrary.Free(library);
        }

        return null;
    }

    public SpeexEchoStateHandle CreateEchoState(int frameSize, int filterLength, int sampleRate)
    {
        var state = new SpeexEchoStateHandle(this, _echoStateInit(frameSize, filterLength));
        if (state.IsInvalid)
            throw new InvalidOperationException("speex_echo_state_init failed.");
        // The default rate is 8 kHz; the rate sets the adaptation's time constants and the residual echo's spectrum.
        var rate = sampleRate;
        _ = _echoCtl(state.DangerousGetHandle(), EchoSetSamplingRate, &rate);
        return state;
    }

    public void DestroyEchoState(nint state) => _echoStateDestroy(state);

    /// <summary><c>speex_echo_cancellation</c>: <paramref name="output"/> must not overlap <paramref name="capture"/>.</summary>
    public void EchoCancellation(nint state, ReadOnlySpan<short> capture, ReadOnlySpan<short> playback, Span<short> output)
    {
        fixed (short* rec = capture)
        fixed (short* play = playback)
        fixed (short* @out = output)
            _echoCancellation(state, rec, play, @out);
    }

    public SpeexPreprocessStateHandle CreatePreprocessState(int frameSize, int sampleRate)
    {
        var state = new SpeexPreprocessStateHandle(this, _preprocessStateInit(frameSize, sampleRate));
        return state.IsInvalid ? throw new InvalidOperationException("speex_preprocess_state_init failed.") : state;
    }

    public void DestroyPreprocessState(nint state) => _preprocessStateDestroy(state);

    /// <summary><c>speex_preprocess_run</c> on <paramref name="frame"/> in place.</summary>
    public int PreprocessRun(nint state, Span<short> frame)
    {
        fixed (short* x = frame)
            return _preprocessRun(state, x);
    }

    /// <summary>A preprocessor setting that takes an <c>spx_int32_t*</c>.</summary>
    public void SetPreprocessOption(SpeexPreprocessStateHandle state, int request, int value)
    {
        if (_preprocessCtl(state.DangerousGetHandle(), request, &value) != 0)
            throw new InvalidOperationException($"speex_preprocess_ctl({request}, {value}) failed.");
    }

    /// <summary>A preprocessor setting that takes a <c>float*</c> (the AGC level).</summary>
    public void SetPreprocessOption(SpeexPreprocessStateHandle state, int request, float value)
    {
        if (_preprocessCtl(state.DangerousGetHandle(), request, &value) != 0)
            throw new InvalidOperationException($"speex_preprocess_ctl({request}, {value}) failed.");
    }

    public static string[] CandidateNames()
    {
        // The versioned soname first: Debian's libspeexdsp1 installs libspeexdsp.so.1, the bare name only with -dev.
        if (OperatingSystem.IsWindows())
            return ["libspeexdsp.dll", "speexdsp.dll", "libspeexdsp-1.dll"];
        if (OperatingSystem.IsMacOS())
        {
            return ["libspeexdsp.1.dylib", "libspeexdsp.dylib", "/opt/homebrew/lib/libspeexdsp.1.dylib",
                "/usr/local/lib/libspeexdsp.1.dylib"];
        }

        return ["libspeexdsp.so.1", "libspeexdsp.so"];
    }
}
