namespace Aggregator.Bench.Shared;

/// <summary>
/// Titles and sentences cut from the real outlet dumps in /work/shared/samples, so every synthetic
/// feed, page and article carries the text this product exists for (names with accents, curly
/// quotes, long sentences) rather than lorem ipsum.
/// </summary>
public sealed class SampleText
{
    public const string DefaultFolder = "/work/shared/samples";

    private readonly Dictionary<string, string[]> _next;
    private readonly string[] _starts;

    private SampleText(IReadOnlyList<string> titles, IReadOnlyList<string> sentences)
    {
        Titles = titles;
        Sentences = sentences;
        // A word chain over the dumps: new sentences in the outlets' own vocabulary and turns of phrase.
        // Real outlets do not repeat each other's sentences, and a corpus that did would make every
        // article a near-duplicate candidate of hundreds of others.
        var next = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var starts = new List<string>();
        foreach (var sentence in sentences)
        {
            var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            starts.Add(words[0]);
            for (var i = 0; i + 1 < words.Length; i++)
            {
                if (!next.TryGetValue(words[i], out var list))
                {
                    next[words[i]] = list = [];
                }
                list.Add(words[i + 1]);
            }
        }
        _next = next.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _starts = [.. starts];
    }

    /// <summary>Short lines without a closing full stop: the headlines of the listing dump.</summary>
    public IReadOnlyList<string> Titles { get; }

    public IReadOnlyList<string> Sentences { get; }

    /// <summary>A new sentence walked through the word chain: 8 to 45 words, ending at a full stop where the dumps do.</summary>
    public string NewSentence(Random random)
    {
        var words = new List<string>(32);
        var word = _starts[random.Next(_starts.Length)];
        while (true)
        {
            words.Add(word);
            var ends = word[^1] is '.' or '?' or '!';
            if ((ends && words.Count >= 8) || words.Count >= 45 || !_next.TryGetValue(word, out var options))
            {
                break;
            }
            word = options[random.Next(options.Length)];
        }
        var text = string.Join(' ', words);
        return text[^1] is '.' or '?' or '!' ? text : text.TrimEnd(',', ';', ':') + ".";
    }

    /// <summary>Reads the dumps from $AGGREGATOR_SAMPLES, else <see cref="DefaultFolder"/>.</summary>
    public static SampleText Load()
    {
        var folder = Environment.GetEnvironmentVariable("AGGREGATOR_SAMPLES") is { Length: > 0 } env ? env : DefaultFolder;
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"bench: no sample text (*.txt) in {folder}; set AGGREGATOR_SAMPLES");
        }
        var titles = new List<string>();
        var sentences = new List<string>();
        foreach (var file in files)
        {
            foreach (var paragraph in Paragraphs(File.ReadAllText(file)))
            {
                var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                if (paragraph.Length < 140 && !paragraph.EndsWith('.') && words >= 4)
                {
                    titles.Add(paragraph);
                }
                else if (paragraph.Length >= 140)
                {
                    sentences.AddRange(SplitSentences(paragraph));
                }
            }
        }
        if (titles.Count == 0)
        {
            // Teaser-only dumps have no headlines: a sentence's opening words read like one.
            titles.AddRange(sentences.Select(s => string.Join(' ', s.Split(' ').Take(9))));
        }
        return new SampleText(titles, sentences);
    }

    private static IEnumerable<string> Paragraphs(string text) =>
        text.ReplaceLineEndings("\n")
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Replace('\n', ' '));

    private static IEnumerable<string> SplitSentences(string paragraph)
    {
        var start = 0;
        for (var i = 0; i < paragraph.Length - 1; i++)
        {
            if (paragraph[i] is '.' or '?' or '!' && paragraph[i + 1] == ' ' && i - start > 40)
            {
                yield return paragraph[start..(i + 1)];
                start = i + 2;
            }
        }
        if (paragraph.Length - start > 40)
        {
            yield return paragraph[start..].Trim();
        }
    }
}
