using Aggregator.Model;

namespace Aggregator.Configuration;

/// <summary>Checks one entry of "topics".</summary>
internal static class TopicValidator
{
    /// <summary>Ids a topic cannot take: /feeds/{id}.{format} already serves something else under them.</summary>
    public static readonly IReadOnlyList<string> ReservedIds = ["search"];

    /// <summary>
    /// Reports every problem of the topic and returns its id. <paramref name="outletIds"/> is null when
    /// the outlets could not be read, so references are not all reported as unknown.
    /// </summary>
    public static string? Validate(ConfigNode node, string path, IReadOnlyCollection<string>? outletIds, ProblemList problems)
    {
        if (!NodeChecks.Object(node, path, "a topic", ConfigFields.Topic, problems))
        {
            return null;
        }

        string? id = null;
        if (NodeChecks.Required(node, "id", path, problems) is { } idNode)
        {
            id = NodeChecks.Id(idNode, ConfigPath.Field(path, "id"), problems);
            if (id == TopicDefinition.AllId)
            {
                problems.Add(idNode.Position, ConfigPath.Field(path, "id"), "'all' is the built-in topic holding every article; choose another id");
            }
            else if (id is not null && ReservedIds.Contains(id, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add(idNode.Position, ConfigPath.Field(path, "id"), $"'{id}' is reserved: /feeds/{id}.atom serves searches; choose another id");
            }
        }

        if (node.Get("title") is { } title)
        {
            NodeChecks.String(title, ConfigPath.Field(path, "title"), problems);
        }

        if (node.Get("description") is { } description)
        {
            NodeChecks.String(description, ConfigPath.Field(path, "description"), problems, allowEmpty: true);
        }

        Terms(node, "include", path, problems);
        Terms(node, "exclude", path, problems);
        if (node.Get("outlets") is { } outlets)
        {
            OutletReferences(outlets, ConfigPath.Field(path, "outlets"), outletIds, problems);
        }

        return id;
    }

    private static void Terms(ConfigNode node, string field, string path, ProblemList problems)
    {
        if (node.Get(field) is not { } list
            || NodeChecks.Array(list, ConfigPath.Field(path, field), "a list of terms", problems) is not { } terms)
        {
            return;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            var termPath = ConfigPath.Item(ConfigPath.Field(path, field), i);
            var term = NodeChecks.String(terms[i], termPath, problems, allowEmpty: true);
            if (term is null)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(term))
            {
                problems.Add(terms[i].Position, termPath, "empty term; remove it or write a word");
            }
            else if (!term.Any(char.IsLetterOrDigit))
            {
                // "*" alone would match every word: almost certainly not what was meant.
                problems.Add(terms[i].Position, termPath, $"term '{term}' has no letters or digits");
            }
        }
    }

    private static void OutletReferences(ConfigNode list, string path, IReadOnlyCollection<string>? outletIds, ProblemList problems)
    {
        if (NodeChecks.Array(list, path, "a list of outlet ids", problems) is not { } items)
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = ConfigPath.Item(path, i);
            if (NodeChecks.String(items[i], itemPath, problems) is not { } id || outletIds is null || outletIds.Contains(id))
            {
                continue;
            }

            var guess = NameSuggester.Closest(id, outletIds);
            problems.Add(items[i].Position, itemPath, guess is null
                ? $"unknown outlet '{id}'"
                : $"unknown outlet '{id}'; did you mean '{guess}'?");
        }
    }
}
