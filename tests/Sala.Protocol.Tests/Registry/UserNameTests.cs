using Sala.Protocol.Registry;

namespace Sala.Protocol.Tests.Registry;

public sealed class UserNameTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("João")]
    [InlineData("a.b_c-d")]
    [InlineData("Łukasz")]
    [InlineData("ユーザー")]
    [InlineData("x1234567890123456789012345678901")]
    public void Valid_names_are_accepted(string name) => Assert.True(UserName.TryNormalize(name, out _, out _));

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("x12345678901234567890123456789012")]
    [InlineData("bob!")]
    [InlineData("\u0301a")]
    public void Invalid_names_are_refused_with_a_reason(string name)
    {
        Assert.False(UserName.TryNormalize(name, out _, out var whyNot));
        Assert.False(string.IsNullOrEmpty(whyNot));
    }

    [Fact]
    public void Decomposed_and_composed_forms_are_one_name()
    {
        Assert.True(UserName.TryNormalize("Joa\u0303o", out var decomposed, out _));
        Assert.True(UserName.TryNormalize("JOÃO", out var upper, out _));
        Assert.Equal("João", decomposed);
        Assert.Equal(UserName.Key(decomposed), UserName.Key(upper));
    }
}
