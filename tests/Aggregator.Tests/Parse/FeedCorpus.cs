using System.Text;

namespace Aggregator.Tests.Parse;

/// <summary>The third-party feed corpora and our own parse fixtures, and small edits of them, for tests that compare two ways of reading.</summary>
public static class FeedCorpus
{
    public static List<string> Files() =>
        new[] { Path.Combine(TestPaths.Corpora, "feedparser"), Path.Combine(TestPaths.Corpora, "gofeed"), Path.Combine(TestPaths.Corpora, "miniflux"), TestPaths.TestData("parse") }
            .SelectMany(dir => Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".tsv", StringComparison.Ordinal) && !f.EndsWith("LICENSE", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    // Small edits, a third of which keep the document well-formed (a reference or character in the text), so both
    // the short road and each way of leaving it are exercised.
    public static byte[] Mutate(byte[] original, Random random)
    {
        string[] inText = ["&#150;", "\u0096", "&#x85;", "&amp;", "é", "&#128512;", "&#0000000065;", "\r\n", "&lt;b&gt;"];
        string[] anywhere = ["<", "&", "&nbsp;", "]]>", "<![CDATA[", "</item>", "<item>", "<!DOCTYPE rss>", " a=\"&copy;\"", "\uFEFF", "\0", "\u2070"];
        var bytes = new List<byte>(original);
        for (var m = 1 + random.Next(3); m > 0 && bytes.Count > 0; m--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    // Just after a tag's ">": inside text, where these are well-formed.
                    var gt = bytes.IndexOf((byte)'>', at);
                    bytes.InsertRange(gt < 0 ? at : gt + 1, Encoding.UTF8.GetBytes(inText[random.Next(inText.Length)]));
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(anywhere[random.Next(anywhere.Length)]));
                    break;
                case 2:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(16)));
                    break;
            }
        }

        return [.. bytes];
    }
}
