using System.Globalization;
using System.Text;

namespace Aggregator.Observability;

/// <summary>The lexical rules of the Prometheus text exposition format 0.0.4.</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Metric names are [a-zA-Z_:][a-zA-Z0-9_:]*; anything else (dots of OTel-style names) becomes '_'.</summary>
    public static string MetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Label names are [a-zA-Z_][a-zA-Z0-9_]*.</summary>
    public static string LabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>Label values escape backslash, double quote and line feed, and nothing else.</summary>
    public static string LabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny("\\\"\n") < 0)
        {
            return value;
        }
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => @"\\",
                '"' => "\\\"",
                '\n' => @"\n",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    /// <summary>HELP text escapes backslash and line feed (quotes stay as they are).</summary>
    public static string Help(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    /// <summary>Go's ParseFloat reads these, including +Inf, -Inf and NaN.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The label pairs without braces, sorted by name so one tag set always renders (and is keyed)
    /// the same whatever order the caller passed the tags in.
    /// </summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }
        var pairs = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            pairs[i] = new(LabelName(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
        }
        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder();
        foreach (var (name, value) in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }
            builder.Append(name).Append("=\"").Append(LabelValue(value)).Append('"');
        }
        return builder.ToString();
    }

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                chars[i] = '_';
            }
        }
        // A leading digit is not an error of the name's author worth losing the digit over.
        return char.IsAsciiDigit(name[0]) ? "_" + name[0] + new string(chars, 1, chars.Length - 1) : new string(chars);
    }
}
