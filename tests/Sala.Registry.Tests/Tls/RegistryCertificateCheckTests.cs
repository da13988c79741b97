using System.Net.Security;
using Sala.Registry.Tls;

namespace Sala.Registry.Tests.Tls;

/// <summary>The client's rule for a TLS registry's certificate, every case of it, without a network.</summary>
public sealed class RegistryCertificateCheckTests
{
    private const string Presented = "AA";
    private const string Other = "BB";

    [Theory]
    [InlineData(SslPolicyErrors.None, null, true, RegistryCertificateVerdict.AcceptAuthority)]
    [InlineData(SslPolicyErrors.None, Other, true, RegistryCertificateVerdict.AcceptAuthority)]
    [InlineData(SslPolicyErrors.None, null, false, RegistryCertificateVerdict.AcceptAuthority)]
    [InlineData(SslPolicyErrors.RemoteCertificateChainErrors, null, true, RegistryCertificateVerdict.PinAndAccept)]
    [InlineData(SslPolicyErrors.RemoteCertificateNameMismatch, null, true, RegistryCertificateVerdict.PinAndAccept)]
    [InlineData(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, Presented, true, RegistryCertificateVerdict.AcceptPinned)]
    [InlineData(SslPolicyErrors.RemoteCertificateChainErrors, "aa", true, RegistryCertificateVerdict.AcceptPinned)]
    [InlineData(SslPolicyErrors.RemoteCertificateChainErrors, Other, true, RegistryCertificateVerdict.RefuseChanged)]
    [InlineData(SslPolicyErrors.RemoteCertificateChainErrors, null, false, RegistryCertificateVerdict.RefuseUntrusted)]
    [InlineData(SslPolicyErrors.RemoteCertificateNotAvailable, null, true, RegistryCertificateVerdict.RefuseMissing)]
    [InlineData(SslPolicyErrors.RemoteCertificateNotAvailable, Presented, true, RegistryCertificateVerdict.RefuseMissing)]
    internal void Judges_each_case(SslPolicyErrors errors, string? pinned, bool canPin, RegistryCertificateVerdict expected) =>
        Assert.Equal(expected, RegistryCertificateCheck.Judge(errors, Presented, pinned, canPin));
}
