using Microsoft.Win32.SafeHandles;

namespace Sala.Media.Processing.Native;

/// <summary>Owns a SpeexEchoState; destroyed once, by whoever lets go of it last (Dispose or the finalizer).</summary>
internal sealed class SpeexEchoStateHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly LibSpeexDsp _library;

    public SpeexEchoStateHandle(LibSpeexDsp library, nint state)
        : base(ownsHandle: true)
    {
        _library = library;
        SetHandle(state);
    }

    protected override bool ReleaseHandle()
    {
        _library.DestroyEchoState(handle);
        return true;
    }
}
