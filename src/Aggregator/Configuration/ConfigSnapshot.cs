using System.Security.Cryptography;
using System.Text;
using Aggregator.Model;
using Aggregator.Topics;

namespace Aggregator.Configuration;

/// <summary>One valid configuration with what is compiled from it, swapped whole so readers never see half an edit.</summary>
public sealed record ConfigSnapshot(AggregatorConfig Config, TopicMatcher Matcher, string TopicsHash, string FilePath)
{
    public static ConfigSnapshot From(AggregatorConfig config, string filePath) =>
        new(config, new TopicMatcher(config.AllTopics), HashTopics(config.Topics), filePath);

    public Outlet? FindOutlet(string id) => Config.Outlets.FirstOrDefault(o => o.Id == id);

    /// <remarks>
    /// Every feed request asks this, so it is an indexed loop: the LINQ form allocated a closure, a predicate and an
    /// iterator per request, a tenth of what a served feed allocated (issue 23, bench/README.md).
    /// </remarks>
    public TopicDefinition? FindTopic(string id)
    {
        if (TopicDefinition.All.Id == id)
        {
            return TopicDefinition.All;
        }
        var topics = Config.Topics;
        for (var i = 0; i < topics.Count; i++)
        {
            if (topics[i].Id == id)
            {
                return topics[i];
            }
        }
        return null;
    }

    /// <summary>A digest of the topic rules, so stored memberships are recomputed only when the rules change.</summary>
    private static string HashTopics(IEnumerable<TopicDefinition> topics)
    {
        var text = new StringBuilder();
        foreach (var topic in topics)
        {
            text.Append(topic.Id).Append('\u001f')
                .AppendJoin('\u001e', topic.Include).Append('\u001f')
                .AppendJoin('\u001e', topic.Exclude).Append('\u001f')
                .AppendJoin('\u001e', topic.Outlets).Append('\u001d');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
