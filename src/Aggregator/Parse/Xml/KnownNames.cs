using System.Buffers;
using System.Text;

namespace Aggregator.Parse.Xml;

/// <summary>
/// The element and attribute names <see cref="Utf8FeedReader"/> has checked, kept on the thread from one document to
/// the next. Every RSS or Atom feed uses the same few dozen names, and each document decoded, checked, split and
/// allocated every one of them again: on a feed of ordinary size that was a fifth of what the reader allocated
/// beyond the entries themselves, and a sixth of the processor time of a two-item feed. A name is immutable once
/// made, so handing the same one to the next document changes nothing it reads.
/// </summary>
internal sealed class KnownNames
{
    // A table that grew past this (a feed of made-up names: hostile, or a generator's) is not kept for the next
    // document, so what a thread holds between parses stays small; within one document it grows as it must.
    private const int MaxKept = 256;
    private const int MaxName = 128;

    [ThreadStatic]
    private static KnownNames? t_idle;

    // Names by their text.
    private readonly Dictionary<string, KnownName> _names = new(StringComparer.Ordinal);
    // The names last met in each pair of slots (by a hash of all their bytes): the same few names come tag after tag,
    // and comparing a name's bytes with its slots' spares decoding and hashing it at every tag. One slot for each of
    // 64 hashes of length and end bytes put names that meet in every item together ("title" and "dc:creator", "link"
    // and "author"), which then missed at every tag; two names may share a pair.
    private readonly KnownName?[] _recent = new KnownName?[128];

    /// <summary>The thread's table, or a new one when it has none idle (or a reader on it has it: a nested read).</summary>
    public static KnownNames Rent()
    {
        var names = t_idle ?? new KnownNames();
        t_idle = null;
        return names;
    }

    /// <summary>Gives the table back to the thread for its next document, unless it grew too large to keep.</summary>
    public void Return()
    {
        if (_names.Count <= MaxKept)
        {
            t_idle = this;
        }
    }

    /// <summary>
    /// An ASCII XML name with at most one colon, not at either end, as the string it is known by and split into prefix
    /// and local name; null for anything else.
    /// </summary>
    public KnownName? Find(ReadOnlySpan<byte> bytes)
    {
        var hash = 0;
        foreach (var b in bytes)
        {
            hash = (hash * 31) + b;
        }

        var slot = hash & (_recent.Length - 1);
        if (_recent[slot] is { } recent && bytes.SequenceEqual(recent.Bytes))
        {
            return recent;
        }

        if (_recent[slot ^ 1] is { } paired && bytes.SequenceEqual(paired.Bytes))
        {
            return paired;
        }

        Span<char> chars = stackalloc char[MaxName];
        if (bytes.Length > MaxName || Ascii.ToUtf16(bytes, chars, out var length) != OperationStatus.Done)
        {
            return null;
        }

        // Only names that passed the checks below are known.
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(chars[..length], out var known))
        {
            var colon = bytes.IndexOf((byte)':');
            if (!IsName(bytes) || colon == 0 || colon == bytes.Length - 1 || (colon > 0 && bytes[(colon + 1)..].Contains((byte)':')))
            {
                return null;
            }

            var name = new string(chars[..length]);
            // At most one colon, not at either end (checked above): the prefix runs to it, the local name from it.
            known = new KnownName(bytes.ToArray(), name, colon > 0 ? (name[..colon], name[(colon + 1)..]) : ("", name));
            _names[name] = known;
        }

        _recent[slot ^ 1] = _recent[slot];
        _recent[slot] = known;
        return known;
    }

    /// <summary>Whether the bytes are an XML name in ASCII: a letter, "_" or ":" first, then letters, digits and "_:-.".</summary>
    public static bool IsName(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || !(char.IsAsciiLetter((char)bytes[0]) || bytes[0] is (byte)'_' or (byte)':'))
        {
            return false;
        }

        foreach (var b in bytes)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)':' or (byte)'-' or (byte)'.'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A name as <see cref="KnownNames"/> keeps it: its bytes, its text, and its prefix and local name.</summary>
internal sealed record KnownName(byte[] Bytes, string Name, (string Prefix, string Local) Split)
{
    /// <summary>
    /// <see cref="EntryMarkup.IsEntryTagName"/> of the name, asked once per name where the byte reader asked
    /// <see cref="EntryMarkup.IsEntryName"/> of every child of every entry.
    /// </summary>
    public bool IsEntryTag { get; } = EntryMarkup.IsEntryTagName(Bytes);
}
