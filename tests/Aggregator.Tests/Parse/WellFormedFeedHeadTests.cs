using System.Text;
using Aggregator.Parse;
using Xunit;

namespace Aggregator.Tests.Parse;

/// <summary>
/// The short head's length in bytes: an ASCII run is now taken whole by one search, and only the rest counted byte by
/// byte. It must end exactly where counting every byte's lead ended it, whatever mix of one- to four-byte characters
/// (and stray continuation bytes) sits before, across and after the reach.
/// </summary>
public class WellFormedFeedHeadTests
{
    // The DOCTYPE hint's reach (4,096 + 300 characters) and the few more the short head takes.
    private const int Characters = 4096 + 300 + 8;

    private static int CountedByteByByte(byte[] body, int skip)
    {
        var characters = 0;
        for (var i = skip; i < body.Length; i++)
        {
            if ((body[i] & 0xC0) != 0x80 && ++characters > Characters)
            {
                return i - skip;
            }
        }

        return body.Length - skip;
    }

    [Fact]
    public void ShortHead_EndsWhereCountingEveryLeadByteEndedIt()
    {
        var random = new Random(2312);
        string[] pieces = ["a", "<", " ", "\u00e9", "\u20ac", "\u4e2d", "\U0001F600"];
        for (var round = 0; round < 3000; round++)
        {
            var text = new StringBuilder();
            // ASCII up to somewhere around the reach, then a mix; or a mix from the start; or short bodies.
            var asciiRun = random.Next(4) switch
            {
                0 => random.Next(Characters - 40, Characters + 40),
                1 => random.Next(0, 64),
                2 => random.Next(0, Characters * 2),
                _ => random.Next(Characters - 2, Characters + 3),
            };
            text.Append('x', asciiRun);
            var more = random.Next(3) == 0 ? random.Next(0, 20) : random.Next(0, Characters);
            for (var i = 0; i < more; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString()).ToList();
            if (random.Next(5) == 0 && bytes.Count > 0)
            {
                // A stray continuation byte or a lone lead: not UTF-8, but the count must still agree.
                bytes.Insert(random.Next(bytes.Count), random.Next(2) == 0 ? (byte)0x80 : (byte)0xC3);
            }

            var skip = random.Next(2) == 0 ? 0 : 3;
            var body = (skip == 3 ? new byte[] { 0xEF, 0xBB, 0xBF } : []).Concat(bytes).ToArray();

            Assert.Equal(CountedByteByByte(body, skip), WellFormedFeed.ShortHeadBytes(body, skip, Encoding.UTF8));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Characters)]
    [InlineData(Characters + 1)]
    [InlineData(Characters + 2)]
    public void ShortHead_OfAnAsciiBody_IsTheReachOrTheWholeBody(int length)
    {
        var body = Encoding.ASCII.GetBytes(new string('a', length));

        Assert.Equal(Math.Min(length, Characters), WellFormedFeed.ShortHeadBytes(body, 0, Encoding.UTF8));
    }
}
