using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

/// <summary>
/// What dedup allocates per article (issue 23): the folded texts it keeps, not a string per word, a copy of the text's end
/// for every keyword a tail rule looks for, or hash sets per candidate compared.
/// </summary>
public sealed class DedupAllocationTests
{
    // A WordPress item as the load harness's outlets serve it: 320 words in paragraphs, and the footer line whose keyword
    // ("appeared first on") makes the tail rule look, without a title, so the rule does not match.
    private static readonly string Body = string.Concat(Enumerable.Range(0, 16).Select(p =>
        "<p>" + string.Join(' ', Enumerable.Range(0, 20).Select(w => $"word{(p * 20 + w) % 97} story")) + ".</p>"))
        + "<p>The post appeared first on outlet.example.</p>";

    private const string Title = "Venezuela's assembly approves the new electoral calendar for 2026";

    [Fact]
    public void IdentityOfAnArticle_AllocatesItsFoldedTexts_NotAStringPerWord()
    {
        _ = TextIdentity.Of(FoldedArticle.From(Title, Body));
        long before = GC.GetAllocatedBytesForCurrentThread();
        FoldedArticle folded = FoldedArticle.From(Title, Body);
        TextIdentity identity = TextIdentity.Of(folded);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Plain text, stripped text and folded text: three strings the size of the text (2 bytes a character), besides
        // the title's and the fingerprint's. Split words were 26 bytes or more each on top, and the text's last 600
        // characters were copied once per keyword found there.
        long texts = 3 * 2L * folded.Body.Length;
        Assert.True(folded.BodyWordCount > 600, $"{folded.BodyWordCount} words");
        Assert.True(allocated < texts + 2_048, $"{allocated} bytes for a {folded.Body.Length}-character folded body ({folded.BodyWordCount} words)");
        Assert.NotEqual(default, identity.Signature);
    }

    [Fact]
    public void IsDuplicate_OfTwoFoldedArticles_AllocatesOnlyItsVerdict()
    {
        FoldedArticle a = FoldedArticle.From(Title, Body);
        FoldedArticle b = FoldedArticle.From(Title + " today", Body.Replace("word5 ", "word6 ", StringComparison.Ordinal) + "<p>An added line with more words.</p>");
        _ = DuplicatePolicy.Default.IsDuplicate(a, b);
        long before = GC.GetAllocatedBytesForCurrentThread();
        DuplicateVerdict verdict = DuplicatePolicy.Default.IsDuplicate(a, b);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The verdict and its reason (formatted as it always was, about 2 KB); the two shingle sequences and sets of
        // ~640 hashes were arrays and hash sets of 5-12 KB each, and the title rules a set of strings.
        Assert.True(allocated < 4_096, $"{allocated} bytes for the verdict '{verdict.Reason}'");
        Assert.Equal(DuplicateLevel.NearText, verdict.Level);
    }
}
