namespace Sala.Protocol.Registry;

/// <summary>An <c>ERR &lt;code&gt; &lt;reason&gt;</c> reply: a <see cref="RegistryErrorCode"/> and the server's words for it.</summary>
public readonly record struct RegistryError(string Code, string Reason);
