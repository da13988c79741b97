namespace Sala.Registry;

/// <summary>A registration with the connection that holds it: where a SEND to that name is delivered.</summary>
public sealed record OwnedRegistration(Registration Registration, RegistrationOwner Owner);
