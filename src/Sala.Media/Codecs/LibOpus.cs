using System.Runtime.InteropServices;

namespace Sala.Media.Codecs;

/// <summary>
/// The few libopus entry points Sala calls, resolved once through <see cref="NativeLibrary"/> as unmanaged function
/// pointers: no marshalling stubs and no allocation per call. <see cref="Instance"/> is null when no libopus loads.
/// </summary>
internal sealed unsafe class LibOpus
{
    public const int Ok = 0;
    public const int ApplicationVoip = 2048;
    public const int SetBitrateRequest = 4002;
    public const int SetMaxBandwidthRequest = 4004;
    public const int SetComplexityRequest = 4010;
    public const int SetInbandFecRequest = 4012;
    public const int SetPacketLossPercentRequest = 4014;
    public const int SetDtxRequest = 4016;
    public const int SetSignalRequest = 4024;
    public const int BandwidthWideband = 1103;
    public const int SignalVoice = 3001;

    private static readonly Lazy<LibOpus?> Loaded = new(Load);

    private readonly delegate* unmanaged[Cdecl]<int, int, int, int*, nint> _encoderCreate;
    private readonly delegate* unmanaged[Cdecl]<nint, short*, int, byte*, int, int> _encode;
    private readonly delegate* unmanaged[Cdecl]<nint, void> _encoderDestroy;
    private readonly delegate* unmanaged[Cdecl]<nint, int, nint, int> _encoderCtl;
    private readonly delegate* unmanaged[Cdecl]<nint, int, nint, nint, nint, nint, nint, nint, nint, int> _encoderCtlOnStack;
    private readonly delegate* unmanaged[Cdecl]<int, int, int*, nint> _decoderCreate;
    private readonly delegate* unmanaged[Cdecl]<nint, byte*, int, short*, int, int, int> _decode;
    private readonly delegate* unmanaged[Cdecl]<nint, void> _decoderDestroy;

    private LibOpus(nint library, string version)
    {
        Version = version;
        _encoderCreate = (delegate* unmanaged[Cdecl]<int, int, int, int*, nint>)NativeLibrary.GetExport(library, "opus_encoder_create");
        _encode = (delegate* unmanaged[Cdecl]<nint, short*, int, byte*, int, int>)NativeLibrary.GetExport(library, "opus_encode");
        _encoderDestroy = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(library, "opus_encoder_destroy");
        var ctl = NativeLibrary.GetExport(library, "opus_encoder_ctl");
        _encoderCtl = (delegate* unmanaged[Cdecl]<nint, int, nint, int>)ctl;
        _encoderCtlOnStack = (delegate* unmanaged[Cdecl]<nint, int, nint, nint, nint, nint, nint, nint, nint, int>)ctl;
        _decoderCreate = (delegate* unmanaged[Cdecl]<int, int, int*, nint>)NativeLibrary.GetExport(library, "opus_decoder_create");
        _decode = (delegate* unmanaged[Cdecl]<nint, byte*, int, short*, int, int, int>)NativeLibrary.GetExport(library, "opus_decode");
        _decoderDestroy = (delegate* unmanaged[Cdecl]<nint, void>)NativeLibrary.GetExport(library, "opus_decoder_destroy");
    }

    /// <summary>The loaded library, or null when none of the usual names loads or it lacks an entry point.</summary>
    public static LibOpus? Instance => Loaded.Value;

    /// <summary>What <c>opus_get_version_string</c> says, such as "libopus 1.3.1".</summary>
    public string Version { get; }

    public nint CreateEncoder(int sampleRate, int channels, int application)
    {
        int error;
        var state = _encoderCreate(sampleRate, channels, application, &error);
        return error == Ok && state != 0 ? state : throw new InvalidOperationException($"opus_encoder_create failed ({error}).");
    }

    public int Encode(nint encoder, ReadOnlySpan<short> pcm, int frameSize, Span<byte> data)
    {
        fixed (short* samples = pcm)
        fixed (byte* bytes = data)
            return _encode(encoder, samples, frameSize, bytes, data.Length);
    }

    public void DestroyEncoder(nint encoder) => _encoderDestroy(encoder);

    /// <summary>
    /// One <c>opus_encoder_ctl</c> setter. The function is variadic, which .NET cannot call as such; everywhere but
    /// Apple's arm64 ABI a variadic argument travels exactly like a fixed one. There variadic arguments go on the stack
    /// in 8-byte slots, so six dummy arguments fill the remaining registers and the value lands in the first slot.
    /// </summary>
    public void SetEncoderOption(nint encoder, int request, int value)
    {
        var result = OperatingSystem.IsMacOS() && RuntimeInformation.ProcessArchitecture == Architecture.Arm64
            ? _encoderCtlOnStack(encoder, request, 0, 0, 0, 0, 0, 0, value)
            : _encoderCtl(encoder, request, value);
        if (result != Ok)
            throw new InvalidOperationException($"opus_encoder_ctl({request}, {value}) failed ({result}).");
    }

    public nint CreateDecoder(int sampleRate, int channels)
    {
        int error;
        var state = _decoderCreate(sampleRate, channels, &error);
        return error == Ok && state != 0 ? state : throw new InvalidOperationException($"opus_decoder_create failed ({error}).");
    }

    /// <summary><c>opus_decode</c>; an empty <paramref name="data"/> asks for loss concealment (a null pointer).</summary>
    public int Decode(nint decoder, ReadOnlySpan<byte> data, Span<short> pcm, int frameSize, bool decodeFec)
    {
        fixed (byte* bytes = data)
        fixed (short* samples = pcm)
            return _decode(decoder, data.IsEmpty ? null : bytes, data.Length, samples, frameSize, decodeFec ? 1 : 0);
    }

    public void DestroyDecoder(nint decoder) => _decoderDestroy(decoder);

    private static LibOpus? Load()
    {
        foreach (var name in CandidateNames())
        {
            if (!NativeLibrary.TryLoad(name, out var library))
                continue;
            try
            {
                if (NativeLibrary.TryGetExport(library, "opus_get_version_string", out var versionExport))
                {
                    var version = Marshal.PtrToStringUTF8(((delegate* unmanaged[Cdecl]<nint>)versionExport)()) ?? "libopus";
                    return new LibOpus(library, version);
                }
            }
            catch (EntryPointNotFoundException)
            {
                // Something called opus without the encoder and decoder API: look further.
            }
            NativeLibrary.Free(library);
        }
        return null;
    }

    private static string[] CandidateNames()
    {
        // The versioned soname first: Debian's libopus0 installs libopus.so.0, and libopus.so only with libopus-dev.
        if (OperatingSystem.IsWindows())
            return ["opus.dll", "libopus-0.dll", "libopus.dll"];
        if (OperatingSystem.IsMacOS())
            return ["libopus.0.dylib", "libopus.dylib", "/opt/homebrew/lib/libopus.0.dylib", "/usr/local/lib/libopus.0.dylib"];
        return ["libopus.so.0", "libopus.so"];
    }
}
