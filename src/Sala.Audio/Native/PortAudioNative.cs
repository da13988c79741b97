using System.Runtime.InteropServices;

namespace Sala.Audio.Native;

/// <summary>
/// The PortAudio v19 C API, one-to-one and without logic (portaudio.h). The library is located by
/// <see cref="PortAudioLibrary"/>, which registers the resolver for <see cref="LibraryName"/>.
/// </summary>
internal static unsafe partial class PortAudioNative
{
    public const string LibraryName = "portaudio";

    public const int NoError = 0;
    public const int NoDevice = -1;
    public const int UnanticipatedHostError = -9999;
    public const int InvalidDevice = -9996;
    public const int InvalidSampleRate = -9997;
    public const int InvalidChannelCount = -9998;
    public const int SampleFormatNotSupported = -9994;
    public const int DeviceUnavailable = -9985;
    public const int InputOverflowed = -9981;
    public const int OutputUnderflowed = -9980;
    public const int TimedOut = -9987;

    public const uint Float32 = 0x00000001;
    public const uint Int16 = 0x00000008;

    public const uint ClipOff = 0x00000001;

    [LibraryImport(LibraryName)]
    public static partial int Pa_Initialize();

    [LibraryImport(LibraryName)]
    public static partial int Pa_Terminate();

    [LibraryImport(LibraryName)]
    public static partial nint Pa_GetErrorText(int errorCode);

    [LibraryImport(LibraryName)]
    public static partial nint Pa_GetVersionText();

    [LibraryImport(LibraryName)]
    public static partial PaHostErrorInfo* Pa_GetLastHostErrorInfo();

    [LibraryImport(LibraryName)]
    public static partial int Pa_GetHostApiCount();

    [LibraryImport(LibraryName)]
    public static partial int Pa_GetDefaultHostApi();

    [LibraryImport(LibraryName)]
    public static partial PaHostApiInfo* Pa_GetHostApiInfo(int hostApi);

    [LibraryImport(LibraryName)]
    public static partial int Pa_GetDeviceCount();

    [LibraryImport(LibraryName)]
    public static partial int Pa_GetDefaultInputDevice();

    [LibraryImport(LibraryName)]
    public static partial int Pa_GetDefaultOutputDevice();

    [LibraryImport(LibraryName)]
    public static partial PaDeviceInfo* Pa_GetDeviceInfo(int device);

    [LibraryImport(LibraryName)]
    public static partial int Pa_IsFormatSupported(PaStreamParameters* input, PaStreamParameters* output, double sampleRate);

    [LibraryImport(LibraryName)]
    public static partial int Pa_OpenStream(
        out PortAudioStreamHandle stream, PaStreamParameters* input, PaStreamParameters* output, double sampleRate,
        CULong framesPerBuffer, CULong flags, nint callback, nint userData);

    [LibraryImport(LibraryName)]
    public static partial int Pa_CloseStream(nint stream);

    [LibraryImport(LibraryName)]
    public static partial int Pa_StartStream(PortAudioStreamHandle stream);

    [LibraryImport(LibraryName)]
    public static partial int Pa_StopStream(PortAudioStreamHandle stream);

    [LibraryImport(LibraryName)]
    public static partial int Pa_AbortStream(PortAudioStreamHandle stream);

    [LibraryImport(LibraryName)]
    public static partial PaStreamInfo* Pa_GetStreamInfo(PortAudioStreamHandle stream);

    [LibraryImport(LibraryName)]
    public static partial int Pa_ReadStream(PortAudioStreamHandle stream, void* buffer, CULong frames);

    [LibraryImport(LibraryName)]
    public static partial int Pa_WriteStream(PortAudioStreamHandle stream, void* buffer, CULong frames);

    /// <summary>Frames that can be written without blocking, or a negative PaError.</summary>
    [LibraryImport(LibraryName)]
    public static partial CLong Pa_GetStreamWriteAvailable(PortAudioStreamHandle stream);
}
