namespace Sala.Calls.Security;

/// <summary>What to do with a received signaling message once its security fields are checked.</summary>
internal enum SecurityVerdict
{
    /// <summary>Hand it to the state machine.</summary>
    Accept,

    /// <summary>Drop it: a bad or missing tag, a key share that is not a key.</summary>
    Drop,

    /// <summary>An invitation without encryption while only encrypted calls are taken: answer REJEITADO unencrypted.</summary>
    RefuseUnencryptedInvite,

    /// <summary>An answer without encryption to our encrypted invitation: hang up.</summary>
    RefuseUnencryptedAnswer,

    /// <summary>An answer from an identity other than the one expected of the callee (or none): hang up.</summary>
    RefuseWrongIdentity,
}
