namespace Aggregator.Parse.Xml;

/// <summary>The element tree that could be read (null when not even the root was), and what was recovered from.</summary>
public sealed record XmlReadResult(FeedElement? Root, IReadOnlyList<string> Warnings);
