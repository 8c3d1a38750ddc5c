namespace Aggregator.Parse.Xml;

/// <summary>
/// Elements (and entries' child arrays) let go of by entries already mapped, for one reading pass to fill again.
/// A big feed is thousands of entries of the same shape: after the first one, the builder makes almost no new
/// elements. Bounded, so a hostile document cannot make it hold more than one entry's worth or so.
/// </summary>
internal sealed class FeedElementPool
{
    /// <summary>The room an entry's children start with (an item or entry holds a dozen or more, with text between).</summary>
    public const int EntryCapacity = 32;

    private const int MaxElements = 1024;
    private const int MaxArrays = 16;

    private readonly Stack<FeedElement> _elements = new();
    private readonly Stack<object[]> _arrays = new();

    public FeedElement Rent(string ns, string localName, string name, FeedElement? parent, bool isEntry)
    {
        var capacity = isEntry ? EntryCapacity : 0;
        var element = _elements.TryPop(out var free) ? free.Reset(ns, localName, name, parent, capacity) : new FeedElement(ns, localName, name, parent, capacity);
        if (isEntry && _arrays.TryPop(out var array))
        {
            element.UseArray(array);
        }

        return element;
    }

    public void Return(FeedElement element)
    {
        if (_elements.Count < MaxElements)
        {
            _elements.Push(element);
        }
    }

    /// <summary>Takes back an entry's array of children, of which the first <paramref name="used"/> slots were filled.</summary>
    public void ReturnArray(object[] array, int used)
    {
        if (array.Length == EntryCapacity && _arrays.Count < MaxArrays)
        {
            Array.Clear(array, 0, used);
            _arrays.Push(array);
        }
    }
}
