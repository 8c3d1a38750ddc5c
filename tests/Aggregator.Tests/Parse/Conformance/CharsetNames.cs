using System.Text;

namespace Aggregator.Tests.Parse.Conformance;

/// <summary>Whether two charset names mean what a reader decodes alike: one code page, or a label and the superset it is read as.</summary>
public static class CharsetNames
{
    static CharsetNames() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool Same(string expected, string? actual)
    {
        if (actual is null)
        {
            return false;
        }

        if (expected.Equals(actual, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var (e, a) = (CodePage(expected), CodePage(actual));
        // WHATWG reads ISO-8859-1 as windows-1252 and GB2312 as GB18030; .NET names TIS-620 windows-874.
        return e is not null && (e == a || (e, a) is (28591, 1252) or (936, 54936));
    }

    private static int? CodePage(string name)
    {
        try
        {
            return Encoding.GetEncoding(name).CodePage;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
