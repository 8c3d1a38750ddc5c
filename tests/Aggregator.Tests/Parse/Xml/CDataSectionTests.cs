using System.Text;
using Aggregator.Parse.Xml;
using Xunit;

namespace Aggregator.Tests.Parse.Xml;

/// <summary>
/// The one search over a CDATA section gives what the two searches it stands for gave: the end ("]]&gt;") and whether
/// the text before it holds a CR.
/// </summary>
public class CDataSectionTests
{
    [Theory]
    [InlineData("plain text]]>after", 10, false)]
    [InlineData("a ] b ]] c ]]>", 11, false)]
    [InlineData("]]]>", 1, false)]
    [InlineData("line\r\nend]]>", 9, true)]
    [InlineData("one\r, two\r, ] and ]]>", 18, true)]
    [InlineData("]]>", 0, false)]
    [InlineData("no end ] ]]", -1, false)]
    [InlineData("\r only", -1, true)]
    public void End_AndCarriageReturn_AsTheTwoSearchesGaveThem(string content, int end, bool carriageReturn)
    {
        Assert.Equal(end, CDataSection.End(Encoding.UTF8.GetBytes(content), out var cr));
        Assert.Equal(carriageReturn, cr);
    }

    /// <summary>Generated sections over the bytes that matter, against the plain searches each stands for.</summary>
    [Fact]
    public void GeneratedSections_MatchThePlainSearches()
    {
        byte[] alphabet = [(byte)']', (byte)'>', (byte)'\r', (byte)'a', (byte)'\n'];
        var random = new Random(23);
        var checkedWithEnd = 0;
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            for (var j = 0; j < bytes.Length; j++)
            {
                bytes[j] = alphabet[random.Next(alphabet.Length)];
            }

            var expectedEnd = bytes.AsSpan().IndexOf("]]>"u8);
            var searched = expectedEnd < 0 ? bytes : bytes[..expectedEnd];
            var end = CDataSection.End(bytes, out var carriageReturn);

            Assert.Equal(expectedEnd, end);
            if (end >= 0)
            {
                checkedWithEnd++;
                Assert.Equal(searched.Contains((byte)'\r'), carriageReturn);
            }
        }

        Assert.True(checkedWithEnd > 500, $"only {checkedWithEnd} generated sections had an end");
    }
}
