using System.Collections;

namespace Aggregator.Parse.Xml;

/// <summary>
/// The children of one element with a given name. A value rather than an iterator: adapters loop over several
/// such lists per item, most of them empty, and a foreach over this allocates nothing. LINQ still works on it.
/// </summary>
public readonly struct FeedChildren : IEnumerable<FeedElement>
{
    private readonly FeedElement? _parent;
    private readonly string? _ns;
    private readonly string _local;
    private readonly Func<string, bool>? _nsFilter;

    /// <summary>Children named <paramref name="ns"/>:<paramref name="local"/> exactly; none when <paramref name="parent"/> is null.</summary>
    internal FeedChildren(FeedElement? parent, string ns, string local)
    {
        _parent = parent;
        _ns = ns;
        _local = local;
    }

    /// <summary>Children whose local name is <paramref name="local"/> in any case and whose namespace passes the filter.</summary>
    internal FeedChildren(FeedElement? parent, string local, Func<string, bool> nsFilter)
    {
        _parent = parent;
        _local = local;
        _nsFilter = nsFilter;
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<FeedElement> IEnumerable<FeedElement>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private bool Matches(FeedElement e) => _nsFilter is null
        ? e.Is(_ns!, _local)
        : e.LocalName.Equals(_local, StringComparison.OrdinalIgnoreCase) && e.PassesCore(_nsFilter);

    public struct Enumerator : IEnumerator<FeedElement>
    {
        private readonly FeedChildren _children;
        private int _index;

        internal Enumerator(FeedChildren children)
        {
            _children = children;
            _index = -1;
            Current = null!;
        }

        public FeedElement Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            var parent = _children._parent;
            if (parent is null)
            {
                return false;
            }

            while (++_index < parent.NodeCount)
            {
                if (parent.NodeAt(_index) is FeedElement e && _children.Matches(e))
                {
                    Current = e;
                    return true;
                }
            }

            return false;
        }

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
