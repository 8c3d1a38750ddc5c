using System.Xml;

namespace Aggregator.Parse.Xml;

/// <summary>What one reading pass built, and where and why it stopped if it did not reach the end.</summary>
internal sealed class FeedTree
{
    public FeedElement? Root { get; set; }
    public XmlException? Error { get; set; }
    public bool TooManyEntries { get; set; }
    public bool TooDeep { get; set; }
    /// <summary>The item and entry start tags the byte reader saw, as <see cref="EntryMarkup.Count"/> counts them; null when not counted.</summary>
    public int? EntryTags { get; set; }
    /// <summary>The error struck while skipping elements nested past <see cref="FeedXmlReader.MaxDepth"/>.</summary>
    public bool ErrorBelowDepthCap { get; set; }
    /// <summary>Qualified names of the elements open when the error struck, innermost first.</summary>
    public List<string> OpenNames { get; } = [];
    /// <summary>The item or entry still open when the error struck, if one was: cut off when the error is the end of the input.</summary>
    public FeedElement? OpenEntry { get; set; }
}
