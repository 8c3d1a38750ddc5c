namespace Aggregator.Parse.Xml;

/// <summary>An attribute with its resolved namespace ("" for an unprefixed attribute).</summary>
public sealed record FeedXmlAttr(string Namespace, string LocalName, string Value);
