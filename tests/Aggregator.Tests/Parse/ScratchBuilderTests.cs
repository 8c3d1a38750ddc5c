using Aggregator.Dedup;
using Aggregator.Normalize;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

/// <summary>Issue 23: folding reuses one builder per thread instead of a new article-sized buffer per call.</summary>
public class ScratchBuilderTests
{
    [Fact]
    public void NestedRent_GetsItsOwnBuilder()
    {
        var outer = ScratchBuilder.Rent(16).Append("outer");
        var inner = ScratchBuilder.Rent(16).Append("inner");
        Assert.NotSame(outer, inner);
        Assert.Equal("inner", ScratchBuilder.ToStringAndReturn(inner));
        Assert.Equal("outer", ScratchBuilder.ToStringAndReturn(outer));
        Assert.Equal("", ScratchBuilder.Rent(16).ToString());
    }

    [Fact]
    public void Trimmed_IsStringTrim()
    {
        foreach (var text in new[] { "", " ", " \u00a0a b\t\n", "ab", "\u2028x\u3000" })
        {
            Assert.Equal(text.Trim(), ScratchBuilder.ToTrimmedStringAndReturn(ScratchBuilder.Rent(8).Append(text)));
        }
    }

    [Fact]
    public void Fold_AllocatesLittleMoreThanItsResult()
    {
        var text = string.Concat(Enumerable.Repeat("Ministers AGREED on Tuesday to extend the programme, after a review. ", 40));
        _ = TextFolding.Fold(text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var folded = TextFolding.Fold(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The result string is 2 bytes a char plus its header; a builder of its own would double that.
        Assert.InRange(allocated, 1, (folded.Length * 2) + 64);
    }

    [Fact]
    public void BoilerplateStrip_OfTextWithoutFurniture_AllocatesLittleMoreThanItsResult()
    {
        var text = string.Concat(Enumerable.Repeat("Ministers agreed on Tuesday to extend the programme.\n\nA review found it had cut waiting times.\n", 20));
        _ = Boilerplate.Strip(text);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var stripped = Boilerplate.Strip(text);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // A string per line and a builder of its own were three times the text.
        Assert.InRange(allocated, 1, (stripped.Length * 2) + 1024);
    }
}
