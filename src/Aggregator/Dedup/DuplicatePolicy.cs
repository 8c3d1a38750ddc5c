using System.Globalization;

namespace Aggregator.Dedup;

/// <summary>
/// Decides whether two articles are one story told once (syndicated, mangled, truncated) rather than
/// two articles about one event. Defaults were chosen on testdata/dedup/pairs.json; see
/// tests/dedup-report.md for the measured distributions behind each number.
/// </summary>
public sealed record DuplicatePolicy
{
    public static DuplicatePolicy Default { get; } = new();

    /// <summary>Jaccard of body 3-shingles at or above which two texts are one text with edits.</summary>
    public double NearJaccard { get; init; } = 0.5;

    /// <summary>Share of the shorter text's shingles found in the longer at or above which the shorter is its teaser.</summary>
    public double Containment { get; init; } = 0.8;

    /// <summary>Both bodies need this many shingles (about as many words) before their overlap is trusted.</summary>
    public int MinShingles { get; init; } = 12;

    /// <summary>A teaser must have this many shingles: a shared quotation or stock sentence is shorter.</summary>
    public int MinContainedShingles { get; init; } = 15;

    /// <summary>
    /// A teaser's opening must appear within this many words of the longer text's start (room for a
    /// dateline or an unmarked photo caption); a quotation contained from further in is not a teaser.
    /// </summary>
    public int MaxStartOffset { get; init; } = 24;

    /// <summary>Identical titles this long (folded words) make a title-only item a copy of a full one.</summary>
    public int MinTitleWords { get; init; } = NearDuplicateSignature.MinTitleWords;

    /// <summary>Identical folded text needs this many words (title plus body) to count: "News in brief" twice is not one story.</summary>
    public int MinExactWords { get; init; } = 8;

    public DuplicateVerdict IsDuplicate(ArticleText a, ArticleText b) => IsDuplicate(FoldedArticle.From(a), FoldedArticle.From(b));

    public DuplicateVerdict IsDuplicate(FoldedArticle a, FoldedArticle b)
    {
        bool sameTitle = FoldedWords.SameWords(a.Title, b.Title);
        bool sameBody = FoldedWords.SameWords(a.Body, b.Body);
        int titleWords = a.TitleWordCount;
        if (sameTitle && sameBody)
        {
            int words = titleWords + a.BodyWordCount;
            return words >= MinExactWords && (a.BodyWordCount > 0 || titleWords >= MinTitleWords)
                ? new DuplicateVerdict(DuplicateLevel.ExactText, 1, Invariant($"identical title and text after folding ({words} words)"))
                : Distinct(0, Invariant($"identical but too short to tell apart ({words} words)"));
        }

        SimilarityScore score = Similarity.Compute(a.BodyWords, b.BodyWords);
        if (score.Smaller >= MinShingles)
        {
            if (NumbersConflict(a.TitleWords, b.TitleWords))
            {
                // A series repeats its intro every issue ("Venezuela update: week 12", "… week 13"):
                // identical text under differently numbered titles is two issues, not one story.
                return Distinct(Math.Max(score.Jaccard, score.Containment),
                    Invariant($"titles carry different numbers (Jaccard {score.Jaccard:0.00}, containment {score.Containment:0.00})"));
            }
            if (score.Jaccard >= NearJaccard)
            {
                return new DuplicateVerdict(DuplicateLevel.NearText, score.Jaccard,
                    Invariant($"text shingle Jaccard {score.Jaccard:0.00} >= {NearJaccard:0.00} ({score.Shared} of {score.ShinglesA}/{score.ShinglesB} shared)"));
            }
            if (score.Containment >= Containment && score.Smaller >= MinContainedShingles)
            {
                string? conflict = score.StartOffset is < 0 || score.StartOffset > MaxStartOffset
                    ? Invariant($"it does not start where the longer starts (offset {score.StartOffset})")
                    : TitleConflict(a.TitleWords, b.TitleWords);
                return conflict is null
                    ? new DuplicateVerdict(DuplicateLevel.NearText, score.Containment,
                        Invariant($"teaser: {score.Containment:0.00} of the shorter text's {score.Smaller} shingles in the longer (>= {Containment:0.00}), from word {score.StartOffset}"))
                    : Distinct(score.Containment, Invariant($"shorter text contained ({score.Containment:0.00}) but {conflict}"));
            }
            return Distinct(Math.Max(score.Jaccard, score.Containment),
                Invariant($"different texts: Jaccard {score.Jaccard:0.00}, containment {score.Containment:0.00}"));
        }

        // At least one body is (nearly) empty: only a long identical title can tie them, and only if
        // the short body, when there is one, is part of the other rather than a different text.
        if (sameTitle && titleWords >= MinTitleWords)
        {
            bool noContradiction = score.Smaller == 0 || score.Containment >= Containment;
            return noContradiction
                ? new DuplicateVerdict(DuplicateLevel.NearText, 1,
                    Invariant($"identical {titleWords}-word title; the shorter body ({score.Smaller} shingles) does not contradict"))
                : Distinct(score.Containment, Invariant($"identical title but the short body differs (containment {score.Containment:0.00})"));
        }
        return Distinct(score.Containment, sameTitle
            ? Invariant($"too little text to compare and the title is short ({titleWords} words)")
            : Invariant($"too little text to compare ({score.Smaller} shingles) and the titles differ"));
    }

    /// <summary>
    /// Why two titles cannot name one teaser and its article, or null: titles with no word in common
    /// name other stories (an empty title says nothing).
    /// </summary>
    private static string? TitleConflict(FoldedWords a, FoldedWords b)
    {
        // Titles are a few words: pairs compared in place cost less than a set of strings per candidate.
        bool anyA = false;
        foreach (ReadOnlySpan<char> _ in a)
        {
            anyA = true;
            break;
        }
        bool anyB = false;
        foreach (ReadOnlySpan<char> word in b)
        {
            anyB = true;
            if (Contains(a, word))
            {
                return null;
            }
        }
        return anyA && anyB ? "the titles have no word in common" : null;
    }

    /// <summary>Both titles carry numbers and not the same ones: issue 12 and issue 13 of a series.</summary>
    private static bool NumbersConflict(FoldedWords a, FoldedWords b)
    {
        // The two sets of numbers differ when one holds a number the other lacks; both must hold one.
        bool numbersA = false;
        bool conflict = false;
        foreach (ReadOnlySpan<char> word in a)
        {
            if (IsNumber(word))
            {
                numbersA = true;
                conflict |= !Contains(b, word);
            }
        }
        bool numbersB = false;
        foreach (ReadOnlySpan<char> word in b)
        {
            if (IsNumber(word))
            {
                numbersB = true;
                conflict |= !Contains(a, word);
            }
        }
        return numbersA && numbersB && conflict;
    }

    private static bool Contains(FoldedWords words, ReadOnlySpan<char> sought)
    {
        foreach (ReadOnlySpan<char> word in words)
        {
            if (word.SequenceEqual(sought))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsNumber(ReadOnlySpan<char> word) => !word.ContainsAnyExceptInRange('0', '9');

    private static DuplicateVerdict Distinct(double similarity, string reason) => new(DuplicateLevel.None, similarity, reason);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
