namespace Sala.Protocol.Security;

/// <summary>The signaling fields encryption adds (kept in <c>SignalingMessage.OtherFields</c>).</summary>
public static class SecurityFields
{
    /// <summary>CONVITE and ACEITO: the sender's ephemeral public key for this call (base64url, P-256 X and Y).</summary>
    public const string Key = "key";

    /// <summary>
    /// The post-quantum half, base64url: on CONVITE the caller's ML-KEM-768 encapsulation key (1184 bytes), on ACEITO
    /// the callee's ciphertext to it (1088 bytes). Absent: the call's keys come from ECDH alone.
    /// </summary>
    public const string PostQuantum = "pq";

    /// <summary>CALLBACK and ENCERRAR once keys are agreed: an HMAC of the rest of the message under the call key.</summary>
    public const string Tag = "tag";

    /// <summary>CONVITE, ACEITO, REJEITADO and an untagged ENCERRAR from a user with an identity: its public key (SubjectPublicKeyInfo, base64url).</summary>
    public const string Identity = "id";

    /// <summary>With <see cref="Identity"/>: that key's signature over the message (<c>SignedSignaling</c>).</summary>
    public const string IdentitySignature = "idsig";
}
