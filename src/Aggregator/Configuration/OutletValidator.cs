namespace Aggregator.Configuration;

/// <summary>Checks one entry of "outlets".</summary>
internal static class OutletValidator
{
    /// <summary>Reports every problem of the outlet and returns its id when it has one, for uniqueness and topic references.</summary>
    public static string? Validate(ConfigNode node, string path, ProblemList problems)
    {
        if (!NodeChecks.Object(node, path, "an outlet", ConfigFields.Outlet, problems))
        {
            return null;
        }

        var idNode = NodeChecks.Required(node, "id", path, problems);
        var id = idNode is null ? null : NodeChecks.Id(idNode, ConfigPath.Field(path, "id"), problems);
        if (NodeChecks.Required(node, "url", path, problems) is { } url)
        {
            NodeChecks.HttpUrl(url, ConfigPath.Field(path, "url"), problems);
        }

        Strings(node, path, problems, "name", "userAgent", "rateGroup");
        Booleans(node, path, problems, "enabled", "fullText");
        var isHtml = Type(node, path, problems);
        Schedule(node, path, problems);
        if (node.Get("retention") is { } retention)
        {
            NodeChecks.Duration(retention, ConfigPath.Field(path, "retention"), NodeChecks.ShortestRetention, problems);
        }
        if (node.Get("scrape") is { } scrape)
        {
            var scrapePath = ConfigPath.Field(path, "scrape");
            if (!isHtml)
            {
                problems.Add(scrape.Position, scrapePath, "'scrape' applies only to outlets with \"type\": \"html\"");
            }

            ScrapeValidator.Validate(scrape, scrapePath, problems);
        }

        if (node.Get("headers") is { } headers)
        {
            HeadersValidator.Validate(headers, ConfigPath.Field(path, "headers"), problems);
        }

        return id;
    }

    /// <summary>True when the outlet is an HTML listing.</summary>
    private static bool Type(ConfigNode node, string path, ProblemList problems)
    {
        if (node.Get("type") is not { } typeNode)
        {
            return false;
        }

        var type = NodeChecks.String(typeNode, ConfigPath.Field(path, "type"), problems);
        if (type is not (null or "feed" or "html"))
        {
            problems.Add(typeNode.Position, ConfigPath.Field(path, "type"),
                $"unknown type '{type}'; use 'feed' (RSS, RDF, Atom or JSON Feed, detected from content) or 'html' (a listing page to scrape)");
        }

        return type == "html";
    }

    private static void Schedule(ConfigNode node, string path, ProblemList problems)
    {
        if (node.Get("interval") is { } interval)
        {
            if (interval.AsString() != "auto")
            {
                NodeChecks.Duration(interval, ConfigPath.Field(path, "interval"), NodeChecks.ShortestInterval, problems);
            }
        }

        if (node.Get("cron") is not { } cronNode)
        {
            return;
        }

        var cronPath = ConfigPath.Field(path, "cron");
        if (node.Get("interval") is not null)
        {
            problems.Add(cronNode.Position, cronPath, "set either 'interval' or 'cron', not both");
        }

        if (NodeChecks.String(cronNode, cronPath, problems) is { } cron && !CronCheck.IsValid(cron, out var error))
        {
            problems.Add(cronNode.Position, cronPath, $"'{cron}' is {error}");
        }
    }

    private static void Strings(ConfigNode node, string path, ProblemList problems, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (node.Get(field) is { } value)
            {
                NodeChecks.String(value, ConfigPath.Field(path, field), problems);
            }
        }
    }

    private static void Booleans(ConfigNode node, string path, ProblemList problems, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (node.Get(field) is { } value)
            {
                NodeChecks.Boolean(value, ConfigPath.Field(path, field), problems);
            }
        }
    }
}
