using System.Globalization;

namespace Sala.Calls.Security;

/// <summary>
/// A debugging aid, off unless asked for (<c>sala client --key-log FILE</c>), as browsers write TLS keys to
/// SSLKEYLOGFILE: each call's SRTP master keys and salts are appended to a file, one line per direction,
/// <c>SRTP_AEAD_AES_128_GCM &lt;call id&gt; send|receive &lt;SSRC, 8 hex digits&gt; &lt;master key hex&gt; &lt;master salt hex&gt;</c>,
/// so a capture of the call can be decrypted by any SRTP stack (libsrtp, Wireshark). Whoever reads the file can
/// listen to the calls in it: it is created readable by its owner only.
/// </summary>
public sealed class SrtpKeyLog
{
    private readonly string _path;
    private readonly Lock _gate = new();

    /// <summary>Creates the file (mode 0600) unless it exists; throws as opening it would when it cannot be written.</summary>
    public SrtpKeyLog(string path)
    {
        _path = path;
        using var _ = Open();
    }

    internal void Sending(string callId, uint ssrc, byte[] masterKey, byte[] masterSalt) => Append(callId, "send", ssrc, masterKey, masterSalt);

    internal void Receiving(string callId, uint ssrc, byte[] masterKey, byte[] masterSalt) => Append(callId, "receive", ssrc, masterKey, masterSalt);

    private void Append(string callId, string direction, uint ssrc, byte[] masterKey, byte[] masterSalt)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"SRTP_AEAD_AES_128_GCM {callId} {direction} {ssrc:x8} {Convert.ToHexStringLower(masterKey)} {Convert.ToHexStringLower(masterSalt)}\n");
        try
        {
            lock (_gate)
            {
                using var stream = Open();
                using var writer = new StreamWriter(stream);
                writer.Write(line);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A debugging aid never breaks the call it describes.
        }
    }

    private FileStream Open()
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(_path, options);
    }
}
