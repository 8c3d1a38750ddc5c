using System.Text;

namespace Aggregator.Normalize;

/// <summary>srcset candidates ("url 2x, url 640w") with every URL made absolute and checked.</summary>
internal static class Srcset
{
    /// <summary>The rewritten srcset, or null when no candidate survives.</summary>
    public static string? Rewrite(string value, Uri? baseUri)
    {
        var sb = new StringBuilder(value.Length + 32);
        var i = 0;
        while (i < value.Length)
        {
            // Candidate: skip separators, take the URL (a run of non-whitespace), then a descriptor up to a comma.
            while (i < value.Length && (char.IsWhiteSpace(value[i]) || value[i] == ','))
            {
                i++;
            }

            var start = i;
            while (i < value.Length && !char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            var url = value[start..i];
            var descriptor = "";
            if (url.EndsWith(','))
            {
                url = url.TrimEnd(',');
            }
            else
            {
                var descStart = i;
                while (i < value.Length && value[i] != ',')
                {
                    i++;
                }

                descriptor = value[descStart..i].Trim();
            }

            if (url.Length == 0 || !IsDescriptor(descriptor))
            {
                continue;
            }

            var absolute = UrlAttribute.Resolve(url, baseUri, allowMailto: false);
            if (absolute is null)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(", ");
            }

            // A comma inside a URL would split the candidate when read back.
            sb.Append(absolute.Replace(",", "%2C", StringComparison.Ordinal));
            if (descriptor.Length > 0)
            {
                sb.Append(' ').Append(descriptor);
            }
        }

        return sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>Empty, or a width ("640w") or density ("1.5x") descriptor.</summary>
    private static bool IsDescriptor(string d)
    {
        if (d.Length == 0)
        {
            return true;
        }

        if (d.Length < 2 || d[^1] is not ('w' or 'x'))
        {
            return false;
        }

        var number = d.AsSpan(0, d.Length - 1);
        var dots = 0;
        foreach (var c in number)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return dots <= 1 && number[0] != '.';
    }
}
