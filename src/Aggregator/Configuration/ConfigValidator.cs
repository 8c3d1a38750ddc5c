namespace Aggregator.Configuration;

/// <summary>
/// Walks a parsed feeds.json and reports every problem at once, in file order, each with the
/// path and position of the value to fix.
/// </summary>
public static class ConfigValidator
{
    public static IReadOnlyList<ConfigProblem> Validate(ConfigNode root, string file)
    {
        var problems = new ProblemList(file);
        if (NodeChecks.Object(root, ConfigPath.Root, "the configuration", ConfigFields.Root, problems))
        {
            if (root.Get("$schema") is { } schema)
            {
                NodeChecks.String(schema, "$schema", problems, allowEmpty: true);
            }

            if (root.Get("defaults") is { } defaults)
            {
                DefaultsValidator.Validate(defaults, "defaults", problems);
            }

            var outletIds = Outlets(root, problems);
            Topics(root, outletIds, problems);
        }

        return problems.All;
    }

    /// <summary>The outlet ids seen, or null when "outlets" is not a list.</summary>
    private static Dictionary<string, string>.KeyCollection? Outlets(ConfigNode root, ProblemList problems)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.Get("outlets") is not { } list)
        {
            return ids.Keys;
        }

        if (NodeChecks.Array(list, "outlets", "a list of outlets", problems) is not { } outlets)
        {
            return null;
        }

        for (var i = 0; i < outlets.Count; i++)
        {
            var path = ConfigPath.Item("outlets", i);
            if (OutletValidator.Validate(outlets[i], path, problems) is { } id && !ids.TryAdd(id, path))
            {
                problems.Add(outlets[i].Get("id")!.Position, ConfigPath.Field(path, "id"), $"outlet id '{id}' is already used by {ids[id]}");
            }
        }

        return ids.Keys;
    }

    private static void Topics(ConfigNode root, IReadOnlyCollection<string>? outletIds, ProblemList problems)
    {
        if (root.Get("topics") is not { } list
            || NodeChecks.Array(list, "topics", "a list of topics", problems) is not { } topics)
        {
            return;
        }

        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < topics.Count; i++)
        {
            var path = ConfigPath.Item("topics", i);
            if (TopicValidator.Validate(topics[i], path, outletIds, problems) is { } id && !ids.TryAdd(id, path))
            {
                problems.Add(topics[i].Get("id")!.Position, ConfigPath.Field(path, "id"), $"topic id '{id}' is already used by {ids[id]}");
            }
        }
    }
}
