using Microsoft.Win32.SafeHandles;

namespace Sala.Media.Processing.Native;

/// <summary>Owns a SpeexPreprocessState; destroyed once, by whoever lets go of it last (Dispose or the finalizer).</summary>
internal sealed class SpeexPreprocessStateHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly LibSpeexDsp _library;

    public SpeexPreprocessStateHandle(LibSpeexDsp library, nint state)
        : base(ownsHandle: true)
    {
        _library = library;
        SetHandle(state);
    }

    protected override bool ReleaseHandle()
    {
        _library.DestroyPreprocessState(handle);
        return true;
    }
}
