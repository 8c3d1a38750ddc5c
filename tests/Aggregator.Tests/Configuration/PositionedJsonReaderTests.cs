using System.Text.Json;
using Aggregator.Configuration;
using Xunit;

namespace Aggregator.Tests.Configuration;

public sealed class PositionedJsonReaderTests
{
    [Fact]
    public void Read_NestedValues_KeepLineAndColumn()
    {
        var root = PositionedJsonReader.Read("{\n  \"a\": [1, \"x\"],\n\t\"b\": { \"c\": true }\n}").Root!;

        Assert.Equal(new TextPosition(1, 1), root.Position);
        Assert.Equal(new TextPosition(2, 3), root.Properties[0].NamePosition);
        Assert.Equal(new TextPosition(2, 8), root.Get("a")!.Position);
        Assert.Equal(new TextPosition(2, 12), root.Get("a")!.Items[1].Position);
        Assert.Equal(new TextPosition(3, 2), root.Properties[1].NamePosition);
        Assert.Equal(new TextPosition(3, 14), root.Get("b")!.Get("c")!.Position);
    }

    [Fact]
    public void Read_Values_KeepTheirKindAndText()
    {
        var root = PositionedJsonReader.Read("""{ "s": "caf\u00e9", "n": 12.50, "t": true, "f": false, "z": null }""").Root!;

        Assert.Equal("café", root.Get("s")!.AsString());
        Assert.Equal("12.50", root.Get("n")!.Text);
        Assert.Null(root.Get("n")!.AsInteger());
        Assert.True(root.Get("t")!.AsBoolean());
        Assert.False(root.Get("f")!.AsBoolean());
        Assert.Equal(JsonValueKind.Null, root.Get("z")!.Kind);
    }

    [Fact]
    public void Read_CrLfLineEnds_CountLinesOnce()
    {
        var root = PositionedJsonReader.Read("{\r\n\r\n  \"a\": 1\r\n}").Root!;

        Assert.Equal(new TextPosition(3, 8), root.Get("a")!.Position);
    }

    [Fact]
    public void Read_TextAfterTheDocument_IsASyntaxError()
    {
        var result = PositionedJsonReader.Read("{ \"a\": 1 } x");

        Assert.Null(result.Root);
        Assert.Equal(new TextPosition(1, 12), result.ErrorPosition);
        Assert.StartsWith("invalid JSON: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SyntaxErrorAfterMultiLineComment_PointsAtTheRightLine()
    {
        var result = PositionedJsonReader.Read("{\n  /* one\n     two */\n  \"a\": 1\n  \"b\": 2\n}");

        Assert.Equal(new TextPosition(5, 3), result.ErrorPosition);
    }

    [Fact]
    public void Read_LoneSurrogateEscape_IsASyntaxErrorAtTheString()
    {
        var result = PositionedJsonReader.Read("{ \"id\": \"\\ud800\" }");

        Assert.Null(result.Root);
        Assert.Equal(new TextPosition(1, 9), result.ErrorPosition);
    }
}
