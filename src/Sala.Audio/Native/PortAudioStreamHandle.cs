using Microsoft.Win32.SafeHandles;

namespace Sala.Audio.Native;

/// <summary>
/// Owns a PaStream. Closing it also gives back the reference on the PortAudio runtime that opening it took, so
/// Pa_Terminate can only run once every stream is closed (Pa_Terminate would otherwise free streams still in use).
/// </summary>
internal sealed class PortAudioStreamHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private bool _holdsRuntime;

    public PortAudioStreamHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Called once the stream is open: the reference the opener took on the runtime now belongs to this handle.</summary>
    public void AdoptRuntimeReference() => _holdsRuntime = true;

    protected override bool ReleaseHandle()
    {
        // Pa_CloseStream aborts a running stream first, so a stream left running by a failed call is closed too.
        // Closing changes PortAudio's list of open streams, which is not thread-safe: hence the runtime's gate.
        lock (PortAudioRuntime.Gate)
        {
            var error = PortAudioNative.Pa_CloseStream(handle);
            if (_holdsRuntime)
                PortAudioRuntime.Release();
            return error == PortAudioNative.NoError;
        }
    }
}
