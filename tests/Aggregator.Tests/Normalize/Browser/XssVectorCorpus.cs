using System.Text;
using System.Text.RegularExpressions;

namespace Aggregator.Tests.Normalize.Browser;

/// <summary>
/// The hand-written vectors of testdata/normalize/xss/vectors.txt plus seeded mutations of them:
/// the same input set on every run, so a failure reproduces.
/// </summary>
internal static partial class XssVectorCorpus
{
    public const int Seed = 20261123;

    /// <summary>Vectors from the file, escapes decoded, in file order.</summary>
    public static IReadOnlyList<string> Base { get; } = Load();

    /// <summary>Base vectors first, then <paramref name="mutations"/> distinct mutations of them.</summary>
    public static IReadOnlyList<string> WithMutations(int mutations)
    {
        var random = new Random(Seed);
        var all = new List<string>(Base);
        var seen = new HashSet<string>(Base, StringComparer.Ordinal);
        // Bounded attempts: a mutation that repeats an earlier one is retried, not looped on forever.
        for (var attempt = 0; attempt < mutations * 10 && all.Count < Base.Count + mutations; attempt++)
        {
            var vector = Base[random.Next(Base.Count)];
            var steps = 1 + random.Next(3);
            for (var i = 0; i < steps; i++)
            {
                vector = Mutate(vector, random);
            }

            if (seen.Add(vector))
            {
                all.Add(vector);
            }
        }

        return all;
    }

    private static List<string> Load()
    {
        var path = Path.Combine(TestPaths.TestData("normalize"), "xss", "vectors.txt");
        return File.ReadLines(path)
            .Where(line => line.Length > 0 && line != "#" && !line.StartsWith("# ", StringComparison.Ordinal))
            .Select(line => line
                .Replace("{TAB}", "\t", StringComparison.Ordinal)
                .Replace("{NL}", "\n", StringComparison.Ordinal)
                .Replace("{CR}", "\r", StringComparison.Ordinal)
                .Replace("{FF}", "\f", StringComparison.Ordinal)
                .Replace("{NUL}", "\0", StringComparison.Ordinal))
            .ToList();
    }

    private static string Mutate(string vector, Random random) => random.Next(7) switch
    {
        0 => FlipCase(vector, random),
        1 => InsertSeparator(vector, random),
        2 => SwapQuotes(vector, random),
        3 => EncodeUrlCharacters(vector, random),
        4 => Wrap(vector, random),
        5 => ObfuscateScheme(vector, random),
        _ => Prefix(vector, random),
    };

    /// <summary>Tag names, handler names and URL schemes in random letter case.</summary>
    private static string FlipCase(string vector, Random random) => Keywords().Replace(vector, m =>
    {
        var chars = m.Value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (random.Next(2) == 0)
            {
                chars[i] = char.IsUpper(chars[i]) ? char.ToLowerInvariant(chars[i]) : char.ToUpperInvariant(chars[i]);
            }
        }

        return new string(chars);
    });

    private static readonly string[] Separators = ["/", " ", "\t", "\n", "\f", "\r\n", "/ ", " /", "\0", "\u000B", "%20", "&#9;"];

    /// <summary>Whitespace, NUL or '/' after a tag name or before an attribute, where parsers disagree.</summary>
    private static string InsertSeparator(string vector, Random random)
    {
        var matches = AttributeStarts().Matches(vector);
        if (matches.Count == 0)
        {
            return vector;
        }

        var match = matches[random.Next(matches.Count)];
        return vector.Insert(match.Index, Separators[random.Next(Separators.Length)]);
    }

    /// <summary>Double quotes swapped for single quotes, backticks or none.</summary>
    private static string SwapQuotes(string vector, Random random)
    {
        var quote = random.Next(3) switch { 0 => "'", 1 => "`", _ => "" };
        return QuotedValues().Replace(vector, m => m.Groups["v"].Value.Contains(quote, StringComparison.Ordinal) || (quote.Length == 0 && m.Groups["v"].Value.Any(char.IsWhiteSpace))
            ? m.Value
            : "=" + quote + m.Groups["v"].Value + quote);
    }

    /// <summary>Characters of a URL or handler value as decimal or hex references, padded, with or without ';'.</summary>
    private static string EncodeUrlCharacters(string vector, Random random) => QuotedValues().Replace(vector, m =>
    {
        var sb = new StringBuilder("=\"");
        foreach (var c in m.Groups["v"].Value)
        {
            sb.Append(random.Next(3) != 0 || c == '"' ? c.ToString() : random.Next(4) switch
            {
                0 => $"&#{(int)c};",
                1 => $"&#x{(int)c:x};",
                2 => $"&#000{(int)c}",
                _ => $"&#X{(int)c:X2}",
            });
        }

        return sb.Append('"').ToString();
    });

    private static readonly string[][] Wrappers =
    [
        ["<svg>", "</svg>"], ["<math>", "</math>"], ["<math><mtext>", "</mtext></math>"],
        ["<table><tr><td>", "</td></tr></table>"], ["<table>", "</table>"], ["<template>", "</template>"],
        ["<svg><foreignObject>", "</foreignObject></svg>"], ["<noscript>", "</noscript>"], ["<select>", "</select>"],
        ["<svg><desc>", "</desc></svg>"], ["<math><mi><mglyph>", "</mglyph></mi></math>"], ["<details open>", "</details>"],
        ["<a href=\"https://outlet.example/\">", "</a>"], ["<p>", ""], ["<div><span>", ""], ["<pre>", "</pre>"],
        ["<svg><p>", "</p></svg>"], ["<form>", "</form>"], ["<textarea>", "</textarea>"], ["<xmp>", "</xmp>"],
    ];

    private static string Wrap(string vector, Random random)
    {
        var wrapper = Wrappers[random.Next(Wrappers.Length)];
        return wrapper[0] + vector + wrapper[1];
    }

    private static readonly string[] SchemeTricks = ["jav&#x09;ascript:", "java\tscript:", "&#x20;javascript:", "JAVASCRIPT:", "javascript&colon;", "jav&#10;ascript:", "\u0001javascript:", "javascript&#0000058", "j&#x61;vascript:", "java\0script:", "&#106avascript:"];

    /// <summary>Another spelling of the javascript: scheme, where there is one.</summary>
    private static string ObfuscateScheme(string vector, Random random) =>
        Scheme().Replace(vector, _ => SchemeTricks[random.Next(SchemeTricks.Length)], 1);

    private static readonly string[] Prefixes = ["<!--x-->", "<![CDATA[", "</p>", "<p title=\"", "<b>", "</svg>", "<!-->", "<?x?>", "</noscript>", "<img src=\"https://outlet.example/ok.png\">"];

    private static string Prefix(string vector, Random random) => Prefixes[random.Next(Prefixes.Length)] + vector;

    [GeneratedRegex(@"(?<=</?)[a-zA-Z]+|\bon[a-z]+(?=\s*=)|javascript|vbscript|data:|xlink:href|srcdoc|formaction", RegexOptions.CultureInvariant)]
    private static partial Regex Keywords();

    [GeneratedRegex(@"(?<=<[a-zA-Z][a-zA-Z:]*)(?=[\s/>])|(?<=\s)(?=on[a-z]+\s*=|href\s*=|src\s*=)", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeStarts();

    [GeneratedRegex("=\"(?<v>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedValues();

    [GeneratedRegex("javascript:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Scheme();
}
