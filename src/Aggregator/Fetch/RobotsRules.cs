using System.Globalization;
using System.Text;

namespace Aggregator.Fetch;

/// <summary>The rules of the robots.txt group that applies to us (RFC 9309), ready to match paths.</summary>
public sealed class RobotsRules(IReadOnlyList<RobotsRule> rules, TimeSpan? crawlDelay = null)
{
    /// <summary>No robots.txt (4xx): everything may be crawled (RFC 9309 §2.3.1.3).</summary>
    public static RobotsRules AllowAll { get; } = new([]);

    /// <summary>robots.txt unreachable (5xx, network): assume nothing may be crawled (RFC 9309 §2.3.1.4).</summary>
    public static RobotsRules DisallowAll { get; } = new([new RobotsRule(false, "/")]);

    public IReadOnlyList<RobotsRule> Rules { get; } = rules;

    /// <summary>The non-standard Crawl-delay of our group, when it gave one.</summary>
    public TimeSpan? CrawlDelay { get; } = crawlDelay;

    /// <summary>
    /// The most specific rule wins: the matching pattern with the most octets; between an allow
    /// and a disallow of equal length, allow (RFC 9309 §2.2.2). No match allows.
    /// </summary>
    public bool IsAllowed(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var path = Normalize(pathAndQuery.Length == 0 ? "/" : pathAndQuery);
        // The file itself is always readable, or no crawler could learn the rules (§2.2.2).
        if (path == "/robots.txt")
        {
            return true;
        }

        var bestLength = -1;
        var allowed = true;
        foreach (var rule in Rules)
        {
            if (rule.Pattern.Length == 0 || rule.Pattern.Length < bestLength || !Matches(rule.Pattern, path))
            {
                continue;
            }

            if (rule.Pattern.Length > bestLength)
            {
                bestLength = rule.Pattern.Length;
                allowed = rule.Allow;
            }
            else
            {
                allowed |= rule.Allow;
            }
        }

        return allowed;
    }

    /// <summary>
    /// `*` matches any run of characters and a final `$` anchors the end; otherwise a pattern
    /// matches as a prefix. Segments between stars are matched leftmost-first, which is exact for
    /// star-only globs and linear, so a hostile pattern cannot make matching blow up.
    /// </summary>
    internal static bool Matches(string pattern, string path) => Matches(pattern, path, out _);

    /// <param name="scanned">
    /// The path characters the search looked at, counting a failed search to the end of the path:
    /// the work a test can bound by the input's length, where a backtracking matcher's would grow
    /// with the number of ways the stars can split the path.
    /// </param>
    internal static bool Matches(string pattern, string path, out long scanned)
    {
        var anchored = pattern.EndsWith('$');
        var parts = (anchored ? pattern[..^1] : pattern).Split('*');
        scanned = Math.Min(parts[0].Length, path.Length);
        if (!path.StartsWith(parts[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = parts[0].Length;
        if (parts.Length == 1)
        {
            return !anchored || position == path.Length;
        }

        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = path.IndexOf(parts[i], position, StringComparison.Ordinal);
            if (found < 0)
            {
                scanned += path.Length - position;
                return false;
            }

            scanned += found + parts[i].Length - position;
            position = found + parts[i].Length;
        }

        var last = parts[^1];
        if (anchored)
        {
            scanned += Math.Min(last.Length, path.Length - position);
            return path.Length - position >= last.Length && path.EndsWith(last, StringComparison.Ordinal);
        }

        var end = path.IndexOf(last, position, StringComparison.Ordinal);
        scanned += end < 0 ? path.Length - position : end + last.Length - position;
        return end >= 0;
    }

    /// <summary>
    /// One spelling for paths and patterns (RFC 9309 §2.2.2): non-ASCII as UTF-8 percent-escapes,
    /// escapes in upper case, and escaped unreserved characters decoded ("%62" is "b").
    /// </summary>
    internal static string Normalize(string value)
    {
        var builder = new StringBuilder(value.Length);
        var i = 0;
        Span<byte> utf8 = stackalloc byte[4];
        while (i < value.Length)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length
                && byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var escaped))
            {
                var decoded = (char)escaped;
                if (char.IsAsciiLetterOrDigit(decoded) || decoded is '-' or '.' or '_' or '~')
                {
                    builder.Append(decoded);
                }
                else
                {
                    builder.Append('%').Append(escaped.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += 3;
            }
            else if (c < 0x80)
            {
                builder.Append(c);
                i++;
            }
            else
            {
                if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
                {
                    rune = Rune.ReplacementChar;
                    consumed = 1;
                }

                var written = rune.EncodeToUtf8(utf8);
                foreach (var b in utf8[..written])
                {
                    builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += consumed;
            }
        }

        return builder.ToString();
    }
}
