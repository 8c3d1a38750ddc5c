using Aggregator.Normalize;
using Xunit;

namespace Aggregator.Tests.Normalize;

public sealed class ReaderTextTests
{
    [Fact]
    public void Lines_PutEachBlockOnItsOwnLine_AndSkipWhatIsNotPainted()
    {
        var html = """
            <html><head><title>Page title</title><style>p { color: red }</style></head><body>
            <h1>Head</h1><p>One <b>bold</b>
              word.</p><div>Two<br>lines</div><script>var x = "code";</script><noscript>Enable scripts</noscript>
            <p><img alt="alt words" src="x.png"> After the picture.</p><svg><text>drawn</text></svg>
            </body></html>
            """;

        Assert.Equal(["Head", "One bold word.", "Two", "lines", "After the picture."], ReaderText.Lines(html));
    }

    [Fact]
    public void OfPublished_KeepsTheTextOfAForm_NotItsControls()
    {
        // Whole pages sit in one <form> (ASP.NET): dropping it with its content lost article text on the way to the feed.
        var html = """<p>Kept</p><form action="/post"><p>Article text inside the page's form.</p><button>Send</button><textarea>Your comment</textarea></form><select><option>Choice</option></select>""";

        Assert.Equal(["Kept", "Article text inside the page's form."], ReaderText.OfPublished(html, new Uri("https://example.org/")));
    }
}
