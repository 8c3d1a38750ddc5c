using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Dedup;
using Aggregator.Normalize;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// The furniture rules run as one alternation per line instead of nine regexes (issue 23): a line must be furniture
/// exactly when one of the nine rules, matched on its own, says so. Over every line of the readability corpus's pages
/// and over generated lines built from the rules' own words, mixed case, look-alike letters and stray characters.
/// </summary>
public sealed class BoilerplateFurnitureDifferentialTests
{
    private static readonly Regex[] Rules =
        [.. Boilerplate.FurniturePatterns.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))];

    private static bool AnyRule(string line) => Rules.Any(r => r.IsMatch(line));

    [Fact]
    public void IsFurniture_CorpusLines_AgreesWithTheRulesOneByOne()
    {
        var folder = Path.Combine(TestPaths.Corpora, "readability");
        var lines = Directory.EnumerateFiles(folder, "*.html", SearchOption.AllDirectories)
            .SelectMany(f => TagStripper.ToPlainText(File.ReadAllText(f)).Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length is > 0 and <= Boilerplate.MaxFurnitureLine)
            .Distinct()
            .ToList();
        Assert.True(lines.Count > 10_000, $"only {lines.Count} lines read from {folder}");
        var furniture = 0;
        foreach (var line in lines)
        {
            var expected = AnyRule(line);
            Assert.True(expected == Boilerplate.IsFurniture(line), $"'{line}': the rules say {expected}");
            furniture += expected ? 1 : 0;
        }
        Assert.True(furniture > 0, "no corpus line was furniture: the comparison saw only one side");
    }

    private static readonly string[] Pieces =
    [
        "share", "share this", "share this article on", "tweet", "email", "e-mail", "print", "pin it", "facebook", "twitter",
        "whatsapp", "copy link", "x", "|", ",", "·", "•", "/", ":", "-", " ", "  ", "photo", "photograph", "images", "featured ",
        "image credit", "credits", "courtesy", "by", "via", "courtesy of", "editor's note", "editors' note", "skip to main content",
        "jump to content", "listen to this article", "12:30", "min", "minutes", "reading time", "3 min read", "advertisement",
        "sponsored", "related", "related stories", "read also", "see also", "read more", "more on this story", "recommended",
        "you may also like", ">", "»", "follow us on", "subscribe to our", "sign up for our", "newsletter", "join our",
        "telegram", "mailing list", "source", "(", ")", "[", "]", ".", "this article was originally published",
        "originally posted", "first appeared", "republished from", "republished with permission", "teleSUR", "Reuters",
        "the people of Bolivia", "\u212A", "\u017F", "\u0130", "\u0131", "é", "\t", "\n", "\u00A0", "\u2014", "’", "0", "99",
    ];

    [Fact]
    public void IsFurniture_GeneratedLines_AgreesWithTheRulesOneByOne()
    {
        var random = new Random(23);
        var furniture = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var line = new StringBuilder();
            for (var n = random.Next(1, 7); n > 0; n--)
            {
                var piece = Pieces[random.Next(Pieces.Length)];
                line.Append(random.Next(3) switch { 0 => piece.ToUpperInvariant(), 1 => piece, _ => char.ToUpperInvariant(piece[0]) + piece[1..] });
                if (random.Next(2) == 0)
                {
                    line.Append(' ');
                }
            }
            var text = line.ToString();
            if (text.Length > Boilerplate.MaxFurnitureLine)
            {
                continue;
            }
            var expected = AnyRule(text);
            Assert.True(expected == Boilerplate.IsFurniture(text), $"'{text}': the rules say {expected}");
            furniture += expected ? 1 : 0;
        }
        Assert.True(furniture > 500, $"only {furniture} generated lines were furniture");
    }
}
