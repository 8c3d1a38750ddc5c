using System.Text.Json;

namespace Aggregator.Configuration;

/// <summary>Checks an outlet's extra request headers: an object of header name → string value.</summary>
internal static class HeadersValidator
{
    // RFC 9110 token characters; HttpClient would otherwise throw at poll time.
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    public static void Validate(ConfigNode node, string path, ProblemList problems)
    {
        if (node.Kind != JsonValueKind.Object)
        {
            problems.Add(node.Position, path, $"expected headers (an object of name: value strings), got {node.Describe()}");
            return;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in node.Properties)
        {
            var headerPath = ConfigPath.Field(path, header.Name);
            if (header.Name.Length == 0 || !header.Name.All(c => char.IsAsciiLetterOrDigit(c) || TokenSymbols.Contains(c, StringComparison.Ordinal)))
            {
                problems.Add(header.NamePosition, headerPath, $"'{header.Name}' is not a valid header name");
            }
            else if (!seen.Add(header.Name))
            {
                problems.Add(header.NamePosition, headerPath, $"header '{header.Name}' is given twice (names ignore case)");
            }

            if (NodeChecks.String(header.Value, headerPath, problems, allowEmpty: true) is { } value
                && value.Any(c => c is '\r' or '\n' or '\0'))
            {
                problems.Add(header.Value.Position, headerPath, "a header value must not contain line breaks");
            }
        }
    }
}
