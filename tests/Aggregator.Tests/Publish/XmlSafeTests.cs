using Aggregator.Publish;
using Xunit;

namespace Aggregator.Tests.Publish;

public sealed class XmlSafeTests
{
    [Fact]
    public void XmlSafe_CleanText_IsReturnedAsTheSameInstance()
    {
        string text = "Guaid\u00F3\u2019s \u201Cinterim president\u201D \U0001F1FB\U0001F1EA\t\n";

        Assert.Same(text, XmlSafe.Clean(text));
    }

    [Fact]
    public void XmlSafe_Clean_DropsControlsLoneSurrogatesAndNonCharacters()
    {
        Assert.Equal("ab\tc\nd\re", XmlSafe.Clean("a\u0000b\tc\u0001\nd\u001F\re\u007F"));
        Assert.Equal("x\U0001F600y", XmlSafe.Clean("\uD800x\U0001F600\uDC00y\uD83D"));
        Assert.Equal("zz", XmlSafe.Clean("z\uFFFE\uFFFFz"));
        Assert.Equal("Zu\u00F1iga", XmlSafe.Clean("Zu\u0085\u0080\u009F\u00F1iga"));
    }

    [Fact]
    public void XmlSafe_Null_BecomesEmpty()
    {
        Assert.Equal(string.Empty, XmlSafe.Clean(null));
    }

    [Fact]
    public void XmlSafe_EveryUtf16CodeUnit_IsEitherKeptOrDroppedSoTheWriterAcceptsIt()
    {
        var all = new char[0x10000];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (char)i;
        }

        string cleaned = XmlSafe.Clean(new string(all));

        FeedDocuments.AssertAllowed(cleaned);
        using var buffer = new MemoryStream();
        using (var writer = XmlSafe.CreateWriter(buffer))
        {
            writer.WriteElementString("t", cleaned);
        }

        Assert.True(buffer.Length > 0x10000);
    }

    [Fact]
    public void XmlSafe_Writer_FailsLoudlyOnAnUncleanedCharacter()
    {
        using var buffer = new MemoryStream();
        using var writer = XmlSafe.CreateWriter(buffer);
        writer.WriteStartElement("t");

        Assert.ThrowsAny<ArgumentException>(() => writer.WriteString("bad\u0001"));
    }
}
