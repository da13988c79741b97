using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sala.Cli.Parsing;

/// <summary>Counts, ports and rates, each with its range in the error that refuses it.</summary>
internal static class Numbers
{
    public static ValueParser<int> From(int minimum, int maximum = int.MaxValue, string what = "a whole number") =>
        (string text, [MaybeNullWhen(false)] out int value, [NotNullWhen(false)] out string? whyNot) =>
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= minimum && value <= maximum)
            {
                whyNot = null;
                return true;
            }
            whyNot = maximum == int.MaxValue
                ? $"'{text}' is not {what} of {minimum} or more"
                : $"'{text}' is not {what} from {minimum} to {maximum}";
            return false;
        };

    /// <summary>A TCP or UDP port; 0, where allowed, lets the system pick a free one.</summary>
    public static ValueParser<int> Port(int minimum = 1) => From(minimum, 65535, "a port");

    public static ValueParser<double> AtLeast(double minimum, string what) =>
        (string text, [MaybeNullWhen(false)] out double value, [NotNullWhen(false)] out string? whyNot) =>
        {
            if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value >= minimum)
            {
                whyNot = null;
                return true;
            }
            whyNot = $"'{text}' is not {what} of {minimum.ToString(CultureInfo.InvariantCulture)} or more";
            return false;
        };
}
