using System.Runtime.CompilerServices;
using AngleSharp.Dom;

namespace Aggregator.Scrape;

/// <summary>Compares (element, shape) keys by element identity, not by the element's own equality.</summary>
internal sealed class AnchorAndShape : IEqualityComparer<(IElement Anchor, string Shape)>
{
    public static AnchorAndShape Instance { get; } = new();

    public bool Equals((IElement Anchor, string Shape) x, (IElement Anchor, string Shape) y) =>
        ReferenceEquals(x.Anchor, y.Anchor) && string.Equals(x.Shape, y.Shape, StringComparison.Ordinal);

    public int GetHashCode((IElement Anchor, string Shape) obj) =>
        HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Anchor), StringComparer.Ordinal.GetHashCode(obj.Shape));
}
