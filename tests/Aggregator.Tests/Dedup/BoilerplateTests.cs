using Aggregator.Dedup;

namespace Aggregator.Tests.Dedup;

public sealed class BoilerplateTests
{
    private const string Text = "Bolivian President Luis Arce addressed the people of Bolivia on the afternoon of Wednesday June 26.";

    [Theory]
    [InlineData("The post Bolivia: A Coup Attempt With Winds From The North appeared first on Popular Resistance.")]
    [InlineData("Continue reading →")]
    [InlineData("Continue reading The Bolivian People Defeated Another Coup at Peoples Dispatch »")]
    [InlineData("Continue reading.")]
    [InlineData("Read more")]
    [InlineData("Read the full article at Orinoco Tribune")]
    [InlineData("Read the rest of this entry »")]
    [InlineData("This article was originally published on teleSUR English.")]
    [InlineData("Originally published by Kawsachun News")]
    [InlineData("(Source: teleSUR)")]
    public void Strip_SyndicationTail_IsRemoved(string tail)
    {
        Assert.Equal(Text, Boilerplate.Strip(Text + " " + tail));
        Assert.Equal(Text, Boilerplate.Strip(Text + "\n\n" + tail));
    }

    [Theory]
    [InlineData(" […]")]
    [InlineData(" [...]")]
    [InlineData(" …")]
    [InlineData(" ...")]
    public void Strip_TeaserEllipsis_IsRemoved(string ellipsis)
    {
        Assert.Equal(Text.TrimEnd('.'), Boilerplate.Strip(Text.TrimEnd('.') + ellipsis));
    }

    [Fact]
    public void Strip_EllipsisCuttingAWord_DropsThePartialWord()
    {
        Assert.Equal("the Murillo Square was invaded by hundreds of", Boilerplate.Strip("the Murillo Square was invaded by hundreds of sold…"));
    }

    [Fact]
    public void Strip_StackedTails_AreAllRemoved()
    {
        string stacked = Text + " [&hellip;]\nRead more »\nThe post Bolivia appeared first on MR Online.";
        Assert.Equal(Text, Boilerplate.Strip(stacked.Replace("&hellip;", "…", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Share this:\nFacebook | Twitter | Email")]
    [InlineData("Photo: Reuters / Leonardo Fernandez")]
    [InlineData("Image credit: teleSUR")]
    [InlineData("Photo by Marco Bello on Unsplash")]
    [InlineData("Editor’s note: this article has been updated with the latest figures.")]
    [InlineData("Related: Venezuela: It Was A US-Led Coup All Along")]
    [InlineData("Follow us on Telegram")]
    [InlineData("Skip to content")]
    [InlineData("Listen to this article")]
    public void Strip_FurnitureLine_IsRemovedWherever(string furniture)
    {
        string second = "The firm position of the president managed to stop the onslaught.";
        Assert.Equal(Text + "\n" + second, Boilerplate.Strip(furniture + "\n" + Text + "\n" + furniture + "\n" + second));
    }

    [Fact]
    public void Strip_LongEditorsNote_IsRemovedToo()
    {
        string note = "[Editor's note: " + string.Concat(Enumerable.Repeat("this article has been corrected to reflect the final count of the tally sheets. ", 6)) + "]";
        Assert.Equal(Text, Boilerplate.Strip(note + "\n" + Text));
    }

    [Fact]
    public void Strip_PhrasesInsideTheAuthorsSentences_AreKept()
    {
        string text = "Those who read more than one newspaper saw the coup coming. The post office in La Paz was closed, "
            + "and workers said they would continue reading the decree aloud in every square.";
        Assert.Equal(text, Boilerplate.Strip(text));
    }

    [Fact]
    public void Strip_WordPressFooter_TakesOnlyTheFooterNotAnEarlierThePost()
    {
        string text = "The post office in La Paz was closed by the troops.";
        Assert.Equal(text, Boilerplate.Strip(text + " The post Three Hours That Shook La Paz appeared first on Peoples Dispatch."));
    }

    [Fact]
    public void Strip_CurlyQuotes_AreMadeAscii()
    {
        Assert.Equal("the \"interim president\" and Venezuela's gold", Boilerplate.Strip("the “interim president” and Venezuela’s gold"));
    }

    [Fact]
    public void Strip_EmptyOrOnlyFurniture_IsEmpty()
    {
        Assert.Equal("", Boilerplate.Strip(null));
        Assert.Equal("", Boilerplate.Strip("Continue reading →"));
    }
}
