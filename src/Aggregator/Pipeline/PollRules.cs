using Aggregator.Model;
using Aggregator.Topics;

namespace Aggregator.Pipeline;

/// <summary>
/// What one poll reads of the running configuration, taken once per poll so a reload during it cannot give
/// its steps two configurations: the defaults (duplicate thresholds, interval bounds), the topic matcher and
/// the digest of the topic rules it was built from.
/// </summary>
public sealed record PollRules(Defaults Defaults, TopicMatcher Matcher, string TopicsHash);
