namespace Aggregator.Parse.Xml;

/// <summary>Where a CDATA section ends, and whether its text needs its line ends normalized.</summary>
internal static class CDataSection
{
    /// <summary>
    /// The length of the section's text in <paramref name="content"/> (the bytes after "&lt;![CDATA["), up to its
    /// "]]&gt;"; -1 when it has none. <paramref name="carriageReturn"/>: whether that text holds a CR.
    /// </summary>
    /// <remarks>
    /// One search for "]" or CR where the end and the CR were two passes over the whole section, an entry's body
    /// being most of a feed's bytes; once a CR is seen, the rest is the plain search for the end.
    /// </remarks>
    public static int End(ReadOnlySpan<byte> content, out bool carriageReturn)
    {
        carriageReturn = false;
        var pos = 0;
        while (true)
        {
            if (carriageReturn)
            {
                var end = content[pos..].IndexOf("]]>"u8);
                return end < 0 ? -1 : pos + end;
            }

            var at = content[pos..].IndexOfAny((byte)']', (byte)'\r');
            if (at < 0)
            {
                return -1;
            }

            pos += at;
            if (content[pos] == (byte)'\r')
            {
                carriageReturn = true;
            }
            else if (content[pos..].StartsWith("]]>"u8))
            {
                return pos;
            }

            pos++;
        }
    }
}
