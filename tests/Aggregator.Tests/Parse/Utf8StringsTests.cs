using System.Text;
using Aggregator.Parse.Xml;

namespace Aggregator.Tests.Parse;

/// <summary>The one-pass decoding gives the string Encoding.UTF8.GetString gives, at every size it takes and invalid bytes included.</summary>
public sealed class Utf8StringsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(4_000)]
    [InlineData((1 << 20) + 7)]
    public void Of_AnyText_IsWhatGetStringGives(int length)
    {
        // Accents, curly quotes, a 4-byte character, and bytes that are not UTF-8 (a lone continuation, a cut sequence).
        byte[] pieces = [.. "Brøndby “vant” 🏆 ok "u8, 0x80, 0xE2, 0x80, (byte)' ', 0xC3];
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = pieces[i % pieces.Length];
        }

        Assert.Equal(Encoding.UTF8.GetString(bytes), Utf8Strings.Of(bytes));
    }
}
