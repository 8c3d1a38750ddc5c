namespace Aggregator.Model;

/// <summary>How the program names itself to other hosts: outlets it fetches and hubs it tells about changed feeds.</summary>
public static class Product
{
    /// <summary>The User-Agent when feeds.json names none; a link, so an outlet's operator can find who is polling.</summary>
    public const string UserAgent = "Aggregator/1.0 (+https://github.com/aggregator/aggregator; feed aggregator)";
}
