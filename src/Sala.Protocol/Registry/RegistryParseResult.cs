namespace Sala.Protocol.Registry;

/// <summary>A request, or the reason the line is not one (sent back as <c>ERR BAD_REQUEST &lt;why&gt;</c>).</summary>
public readonly record struct RegistryParseResult(RegistryRequest Request, string? Error)
{
    public bool IsValid => Error is null;

    public static RegistryParseResult Valid(RegistryRequest request) => new(request, null);

    public static RegistryParseResult Invalid(string why) => new(default, why);
}
