using Sala.Protocol.Registry;
using Sala.Protocol.Registry.Native;

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

    [Theory]
    [InlineData("alice", true)]
    [InlineData("A.b_C-9", true)]
    [InlineData("x1234567890123456789012345678901", true)]
    [InlineData("x12345678901234567890123456789012", false)]
    [InlineData("", false)]
    [InlineData("João", false)]
    [InlineData("a b", false)]
    [InlineData("bob!", false)]
    public void Plain_ascii_names_skip_the_full_check_only_when_they_are_plain(string raw, bool plain) =>
        Assert.Equal(plain, UserName.TryPlainAscii(System.Text.Encoding.UTF8.GetBytes(raw), out _));

    /// <summary>The request path's shortcut must never disagree with the full check on what it accepts.</summary>
    [Fact]
    public void A_plain_ascii_name_is_what_the_full_check_makes_of_it()
    {
        var random = new Random(20261201);
        const string Alphabet = "abcXYZ019._- !/\u00e9\u0301";
        for (var i = 0; i < 20_000; i++)
        {
            var raw = new string([.. Enumerable.Range(0, random.Next(0, 36)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            if (!UserName.TryPlainAscii(System.Text.Encoding.UTF8.GetBytes(raw), out var fast))
                continue;
            Assert.True(UserName.TryNormalize(raw, out var full, out _), raw);
            Assert.Equal(full, fast);
        }
    }

    [Fact]
    public void Decomposed_and_composed_forms_are_one_name()
    {
        Assert.True(UserName.TryNormalize("Joa\u0303o", out var decomposed, out _));
        Assert.True(UserName.TryNormalize("JOÃO", out var upper, out _));
        Assert.Equal("João", decomposed);
        Assert.Equal(UserName.Key(decomposed), UserName.Key(upper));
    }

    // Issue 16 item 5: look-alike names (UTS #39 through ICU, which Debian's .NET already depends on: libicu72).
    [Fact]
    public void Icu_spoof_checker_loads() => Assert.NotNull(LibIcuSpoof.Instance);

    [Theory]
    [InlineData("\u0430lice", "Latin")] // a Cyrillic а among Latin letters
    [InlineData("b\u03bfb", "Latin")] // a Greek ο
    [InlineData("p\u0430yp\u0430l", "Latin")]
    [InlineData("\u0410lice", "Latin")] // its capital
    [InlineData("1\u0661", "digits")] // an ASCII digit and an Arabic-Indic one
    public void Names_mixing_look_alike_scripts_or_digits_are_refused_with_a_reason(string name, string reasonMentions)
    {
        Assert.False(UserName.TryNormalize(name, out _, out var whyNot));
        Assert.Contains(reasonMentions, whyNot, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u043f\u0435\u0442\u0440")] // петр: all Cyrillic
    [InlineData("\u03b1\u03b8\u03b7\u03bd\u03b1")] // αθηνα: all Greek
    [InlineData("tanaka\u7530\u4e2d")] // Latin with Han, as Japanese names are written
    [InlineData("ren\u00e9e")] // renée: Latin with a diacritic
    [InlineData("\u0645\u0631\u064a\u0645")] // مريم
    public void Names_of_one_script_or_of_allowed_mixes_are_accepted(string name) =>
        Assert.True(UserName.TryNormalize(name, out _, out _));

    [Theory]
    [InlineData("\u0455\u0441\u043e\u0440\u0435", "scope")] // ѕсоре: every letter a Cyrillic look-alike
    [InlineData("\u0391\u0392\u0395", "abe")] // ΑΒΕ: Greek capitals
    [InlineData("\u0441\u0430\u0441\u0430", "caca")]
    [InlineData("\u03b1\u03b2\u03b5", "abe")] // αβε: the same name as ΑΒΕ in lower case
    public void A_name_made_only_of_look_alikes_has_the_key_of_the_name_it_imitates(string name, string imitated)
    {
        Assert.True(UserName.TryNormalize(name, out var lookAlike, out _));

        Assert.Equal(UserName.Key(imitated), UserName.Key(lookAlike));
    }

    [Fact]
    public void Ascii_names_keep_their_lower_case_as_key_and_write_it_without_allocating_a_string()
    {
        Span<char> buffer = stackalloc char[UserName.MaxLength];

        var length = UserName.WriteKey("Fern0", buffer);

        Assert.Equal("fern0", UserName.Key("Fern0"));
        Assert.Equal("fern0", buffer[..length].ToString());
        Assert.NotEqual(UserName.Key("fem"), UserName.Key("fern")); // ASCII's own look-alikes stay apart
    }

    [Fact]
    public void A_name_beyond_ascii_is_left_to_Key_by_WriteKey() =>
        Assert.Equal(-1, UserName.WriteKey("Jo\u00e3o", stackalloc char[UserName.MaxLength]));
}
