using System.Text;
using System.Text.RegularExpressions;
using Aggregator.Dedup;
using Aggregator.Normalize;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// The furniture rules were regular expressions; they are now written out by hand (issue 23: the one alternation of
/// all nine was 18 KB of IL the JIT optimized again in every process). Each hand-written rule must accept exactly the
/// lines its regular expression matches, over every line of the readability corpus's pages and over generated lines
/// built from the rules' own words, mixed case, look-alike letters, digits and stray characters. The lines are those
/// <see cref="Boilerplate.IsFurniture"/> is given: one line (no line break), trimmed.
/// </summary>
public sealed class BoilerplateFurnitureDifferentialTests
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>The nine rules as they were written before (Boilerplate.cs at e631631), each beside its hand-written form.</summary>
    private static readonly (string Name, Regex Reference, Func<string, bool> Rule)[] Rules =
    [
        ("share", new(@"^(?:(?:share(?: this(?: article| story| post| page)?)?(?: on| via)?|tweet|e-?mail|print|pin(?: it)?|facebook|twitter|whatsapp|telegram|linkedin|reddit|flipboard|mastodon|bluesky|copy link|x)[\s|,·•/:\-]*)+$", Options),
            l => BoilerplateFurniture.IsShareLine(l)),
        ("photo credit", new(@"^[(\[]?(?:(?:featured |top |header |cover |lead )?(?:photo|photograph|image|picture|illustration|video|graphic)s?(?: credits?| by| courtesy)?|credits?|courtesy)\s*[:|]\s*.{0,200}$", Options),
            l => BoilerplateFurniture.IsPhotoCreditLine(l)),
        ("photo by", new(@"^[(\[]?(?:photo|image|picture)s? (?:by|courtesy of|via) .{1,120}$", Options),
            l => BoilerplateFurniture.IsPhotoByLine(l)),
        ("editor's note", new(@"^[(\[]?editor'?s'? note\s*[:\-].*$", Options),
            l => BoilerplateFurniture.IsEditorsNoteLine(l)),
        ("chrome", new(@"^(?:skip to (?:main )?content|jump to (?:navigation|content)|listen to (?:this )?(?:article|story)(?:\s*[\d:]+(?:\s*min(?:utes?)?)?)?|(?:estimated )?reading time\s*:?\s*\d+\s*min(?:ute)?s?|\d+\s*min(?:ute)?s? read|advertisement|advertisements|sponsored)$", Options),
            l => BoilerplateFurniture.IsChromeLine(l)),
        ("related", new(@"^(?:related(?: articles?| stories| posts?| reading)?|read also|also read|see also|read more|more on this(?: story| topic)?|recommended|you may also like)\s*[:>»\-]\s*.{0,250}$", Options),
            l => BoilerplateFurniture.IsRelatedLine(l)),
        ("follow", new(@"^(?:follow us on .{1,100}|subscribe to (?:our|the) .{1,100}|sign up (?:for|to) (?:our|the) .{0,60}newsletter.{0,60}|join (?:us on|our) (?:telegram|whatsapp|newsletter|mailing list).{0,100})$", Options),
            l => BoilerplateFurniture.IsFollowLine(l)),
        ("source", new(@"^[(\[]?source\s*:\s*[^\n]{1,120}?[)\]]?\.?$", Options),
            l => BoilerplateFurniture.IsSourceLine(l)),
        ("originally published", new(@"^[(\[]?(?:this (?:article|story|piece|post|report|interview|essay) (?:was |is |has been )?(?:originally |first )?(?:published|posted|appeared|republished)|originally (?:published|posted|appeared)|first (?:published|appeared)|republished (?:from|with permission)).{0,300}$", Options),
            l => BoilerplateFurniture.IsOriginallyPublishedLine(l)),
    ];

    /// <summary>Each rule against its regular expression, and <see cref="Boilerplate.IsFurniture"/> against all nine; how many lines each rule took.</summary>
    private static int[] AssertAgree(IEnumerable<string> lines)
    {
        var taken = new int[Rules.Length];
        foreach (var line in lines)
        {
            var any = false;
            for (var i = 0; i < Rules.Length; i++)
            {
                var expected = Rules[i].Reference.IsMatch(line);
                Assert.True(expected == Rules[i].Rule(line), $"{Rules[i].Name} rule on '{line}': the regular expression says {expected}");
                taken[i] += expected ? 1 : 0;
                any |= expected;
            }
            var long_ = line.Length > Boilerplate.MaxFurnitureLine;
            var furniture = long_ ? Rules[3].Reference.IsMatch(line) : any;
            Assert.True(furniture == Boilerplate.IsFurniture(line), $"'{line}': the rules say {furniture}");
        }
        return taken;
    }

    [Fact]
    public void Rules_CorpusLines_AgreeWithTheirRegularExpressions()
    {
        var folder = Path.Combine(TestPaths.Corpora, "readability");
        var lines = Directory.EnumerateFiles(folder, "*.html", SearchOption.AllDirectories)
            .SelectMany(f => TagStripper.ToPlainText(File.ReadAllText(f)).Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .Distinct()
            .ToList();
        Assert.True(lines.Count > 10_000, $"only {lines.Count} lines read from {folder}");
        var taken = AssertAgree(lines);
        Assert.True(taken.Sum() > 0, "no corpus line was furniture: the comparison saw only one side");
    }

    private static readonly string[] Pieces =
    [
        "share", "share this", "share this article on", "share this page via", "tweet", "email", "e-mail", "print", "pin it",
        "facebook", "twitter", "whatsapp", "linkedin", "copy link", "x", "|", ",", "·", "•", "/", ":", "-", " ", "  ", "photo",
        "photograph", "images", "featured ", "top ", "illustration", "image credit", "credits", "courtesy", "by", "via",
        "courtesy of", "photo by ", "images via ", "picture courtesy of ", "editor", "'", "s", "editor's note", "editors' note", "editor's note:", "[editors note - ", " note", "skip to main content", "jump to content",
        "jump to navigation", "listen to this article", "listen to ", "story", "12:30", "4", "min", "mins", "minute", "minutes",
        "read", " read", "reading time", "estimated ", "3 min read", "advertisement", "advertisements", "sponsored", "related",
        "related stories", "related post", "read also", "see also", "read more", "more on this story", "recommended",
        "you may also like", ">", "»", "follow us on", "follow us on ", "subscribe to our", "subscribe to the ", "sign up for our",
        "sign up to the ", "newsletter", "join our", "join us on ", "telegram", "mailing list", "source", "source:", "(", ")",
        "[", "]", ".", "this article was originally published", "this story ", "has been ", "first ", "appeared", "published",
        "originally posted", "first appeared", "republished from", "republished with permission", "teleSUR", "Reuters",
        "the people of Bolivia", "\u212A", "\u017F", "\u0130", "\u0131", "é", "\t", "\u00A0", "\u2014", "’", "0", "99", "\u0663",
        "\u2003", "ǅ",
    ];

    /// <summary>Pieces that make a line long: the rules' length limits (100, 120, 200, 250, 300, 360) are crossed by them.</summary>
    private static readonly string[] Filler = [new string('a', 50), new string(' ', 30), "word word word word word word word word ", new string('9', 70)];

    [Fact]
    public void Rules_GeneratedLines_AgreeWithTheirRegularExpressions()
    {
        var random = new Random(23);
        var lines = new List<string>();
        while (lines.Count < 40_000)
        {
            var line = new StringBuilder();
            for (var n = random.Next(1, 8); n > 0; n--)
            {
                var piece = random.Next(12) == 0 ? Filler[random.Next(Filler.Length)] : Pieces[random.Next(Pieces.Length)];
                line.Append(random.Next(3) switch { 0 => piece.ToUpperInvariant(), 1 => piece, _ => char.ToUpperInvariant(piece[0]) + piece[1..] });
                if (random.Next(2) == 0)
                {
                    line.Append(' ');
                }
            }
            var text = line.ToString().Trim();
            if (text.Length > 0)
            {
                lines.Add(text);
            }
        }
        var taken = AssertAgree(lines);
        for (var i = 0; i < Rules.Length; i++)
        {
            Assert.True(taken[i] >= 20, $"only {taken[i]} generated lines were {Rules[i].Name} lines: that rule was hardly compared");
        }
    }
}
