namespace Sala.Registry.Tls;

/// <summary>The certificate a TLS registry presented, and why the client accepted it.</summary>
public sealed record RegistryServerCertificate(string Fingerprint, RegistryCertificateTrust Trust);
