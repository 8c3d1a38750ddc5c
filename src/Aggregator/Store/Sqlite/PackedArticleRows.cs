using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Aggregator.Dedup;

namespace Aggregator.Store.Sqlite;

/// <summary>
/// A waiting poll's articles as the writer binds them (<see cref="SqliteStore.ArticleInsert"/>), in one pooled buffer:
/// each row is its <see cref="Column"/>s in order, each a kind byte, a length and its UTF-8 or blob bytes. A poll waits
/// for the group commit long enough for young collections to copy what it holds into gen2, where it dies after the
/// commit: as objects (candidates with their texts, URLs, JSON) that was about 2.8 KB per article and every full
/// collection of a round (bench/alloc-profile.md, h40m). The buffer instead comes from a pool that keeps it for the next
/// poll, so a waiting row is never copied by a collection and never becomes garbage.
/// </summary>
/// <remarks>
/// Summary and content wait as UTF-8 and are packed (<see cref="PackedText"/>) when bound: most of a re-poll's articles
/// are unchanged and never bound, and Brotli is the costly part of a row. What the ingest decides by (source id,
/// canonical URL, dates, hash, fingerprint, topics) waits in the row too, and the writer makes the article's small
/// objects from it only when it takes the poll (<see cref="Unpack"/>): held while waiting, those were still 0.5-0.7 KB
/// per article of objects promoted to gen2 only to die there (bench/alloc-profile.md, h43w).
/// </remarks>
internal sealed class PackedArticleRows : IPackedArticles, IDisposable
{
    /// <summary>A row's columns, in the order they are written.</summary>
    public enum Column
    {
        Id, Title, Summary, Content, Author, Link, Categories, Enclosures, Image, Search, Signature,
        OutletId, SourceId, CanonicalUrl, Published, Updated, Hash, Fingerprint, ContentFromPage, Topics,
    }

    /// <summary>What a column holds: NULL, UTF-8 text, a blob, or UTF-8 text long enough to be packed when bound.</summary>
    public enum Kind : byte { Null, Text, Blob, Packable }

    private const int HeaderBytes = 5;
    private static readonly int ColumnCount = Enum.GetValues<Column>().Length;

    // The smallest rent: a pool bucket's smallest sizes hold a row of a short entry at most.
    private const int MinimumBytes = 512;

    // The pool's own, not ArrayPool<byte>.Shared: the shared pool keeps a handful of arrays of a size per core, and all
    // 64 polls in progress can wait at once; the buffers it dropped would be large objects dying in gen2 after all. Polls
    // of more than the largest pooled size (thousands of long articles) get an array of their own.
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 4 * 1024 * 1024, maxArraysPerBucket: 128);

    // A date as its ticks and its offset in minutes: the unpacked candidate's is the very value the entry had.
    private const int DateBytes = 10;

    private byte[] _buffer;
    private int _length;

    // The poll's topic names, each once: a row holds their numbers here, and every unpacked article shares the strings.
    private readonly List<string> _topicNames = [];

    /// <summary>Rows for about <paramref name="bytes"/> bytes; they grow past it if they must (<see cref="For"/> sizes them).</summary>
    public PackedArticleRows(int bytes) => _buffer = Pool.Rent(Math.Max(MinimumBytes, bytes));

    // A fixed 2 KB per article was twice what most articles take (a feed entry: a title, a summary, a link), and the pool
    // rounds each rent up to a power of two, so most buffers were two to four times their rows and stayed resident that
    // large. The need is known before the first row: the texts' UTF-8 lengths, which the rows are.
    /// <summary>
    /// Rows sized for <paramref name="articles"/>, from their texts' UTF-8 lengths, before any is added; and for
    /// <paramref name="settings"/> after them (<see cref="AddSettings"/>), when given.
    /// </summary>
    public static PackedArticleRows For(IReadOnlyList<PreparedArticle> articles, IReadOnlyDictionary<string, string>? settings = null)
    {
        long bytes = 0;
        foreach (var article in articles)
        {
            bytes += RowBytes(article);
        }
        if (settings is not null)
        {
            bytes += HeaderBytes + sizeof(int);
            foreach (var (key, value) in settings)
            {
                bytes += 2 * HeaderBytes + Utf8(key) + Utf8(value);
            }
        }
        return new PackedArticleRows((int)Math.Min(bytes, Array.MaxLength));
    }

    /// <summary>
    /// What <see cref="Add"/> writes for the article: exact for its texts; its categories' and enclosures' JSON are
    /// counted from their parts (not serialized twice), a little short only when JSON escapes characters, and growth
    /// then takes the rest.
    /// </summary>
    internal static long RowBytes(PreparedArticle article)
    {
        var candidate = article.Candidate;
        long bytes = ColumnCount * HeaderBytes + NearDuplicateSignature.Size
            + Utf8(article.Id) + Utf8(candidate.Title) + Utf8(candidate.Summary) + Utf8(candidate.Content) + Utf8(candidate.Author)
            + Utf8(candidate.Link.AbsoluteUri) + Utf8(candidate.ImageUrl?.AbsoluteUri)
            // Peeked, not taken: the text the topic match folded is given up once, to Add; taken here, Add folded the
            // article again (a quiet --quick showed 2.7 KB more allocated per article). Only a candidate no topic match
            // saw is folded here and again in Add.
            + Utf8(candidate.FoldedSearch?.Peek(candidate) ?? article.SearchText)
            + Utf8(candidate.OutletId) + Utf8(candidate.SourceId) + Utf8(candidate.CanonicalUrl) + 2 * DateBytes + Utf8(article.Hash) + Utf8(article.Identity.Fingerprint)
            + 1 + sizeof(ushort) * candidate.Topics.Count;
        // ["a","b"] and [{"url":"…","mediaType":"…","length":n}]: brackets, and quotes and separators around each part.
        bytes += 2;
        foreach (var category in candidate.Categories)
        {
            bytes += Utf8(category) + 3;
        }
        bytes += 2;
        foreach (var enclosure in candidate.Enclosures)
        {
            bytes += Utf8(enclosure.Url.AbsoluteUri) + Utf8(enclosure.MediaType) + 64;
        }
        return bytes;
    }

    private static int Utf8(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    /// <summary>The bytes the rows take so far.</summary>
    public int Bytes => _length;

    /// <summary>The buffer's length: what the rows hold of the pool.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>How many times the rows outgrew their buffer and were copied to a larger one.</summary>
    public int Growths { get; private set; }

    /// <summary>Appends the row of <paramref name="article"/> (whose candidate still has its texts); its position.</summary>
    public int Add(PreparedArticle article)
    {
        var candidate = article.Candidate;
        var row = _length;
        AddText(article.Id);
        AddText(candidate.Title);
        AddPackable(candidate.Summary);
        AddPackable(candidate.Content);
        AddText(candidate.Author);
        AddText(candidate.Link.AbsoluteUri);
        AddText(StoredRows.CategoriesJson(candidate));
        AddText(StoredRows.EnclosuresJson(candidate));
        AddText(candidate.ImageUrl?.AbsoluteUri);
        AddText(article.SearchText);
        var signature = Reserve(Kind.Blob, NearDuplicateSignature.Size);
        BinaryPrimitives.WriteUInt64LittleEndian(signature, article.Identity.Signature.Text);
        BinaryPrimitives.WriteUInt64LittleEndian(signature[8..], article.Identity.Signature.Lead);
        BinaryPrimitives.WriteUInt64LittleEndian(signature[16..], article.Identity.Signature.Title);
        AddText(candidate.OutletId);
        AddText(candidate.SourceId);
        AddText(candidate.CanonicalUrl);
        AddDate(candidate.Published);
        AddDate(candidate.Updated);
        AddText(article.Hash);
        AddText(article.Identity.Fingerprint);
        Reserve(Kind.Blob, 1)[0] = candidate.ContentFromPage ? (byte)1 : (byte)0;
        var topics = Reserve(Kind.Blob, sizeof(ushort) * candidate.Topics.Count);
        for (var i = 0; i < candidate.Topics.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(topics[(sizeof(ushort) * i)..], TopicNumber(candidate.Topics[i]));
        }
        return row;
    }

    /// <summary>
    /// The article at <paramref name="row"/> as the ingest decides by it: a candidate holding only its outlet, ids, URLs,
    /// dates and topics, with its hash and identity; its texts stay in the row. Made by the writer as it takes the poll,
    /// so these objects live for one transaction instead of for the whole wait.
    /// </summary>
    /// <param name="pollOutletId">The poll's outlet: nearly every article's, and then its string is shared.</param>
    public PreparedArticle Unpack(int row, string pollOutletId)
    {
        // A poll may carry entries of another outlet (its candidates name their own).
        var outlet = Read(row, Column.OutletId, out _);
        var outletId = Ascii.Equals(outlet, pollOutletId) ? pollOutletId : Encoding.UTF8.GetString(outlet);
        var canonicalUrl = ReadText(row, Column.CanonicalUrl)!;
        var link = Read(row, Column.Link, out _);
        var candidate = new Normalize.ArticleCandidate
        {
            OutletId = outletId,
            SourceId = ReadText(row, Column.SourceId),
            CanonicalUrl = canonicalUrl,
            // Most links are their canonical URL: one string for both then.
            Link = new Uri(link.SequenceEqual(Read(row, Column.CanonicalUrl, out _)) ? canonicalUrl : Encoding.UTF8.GetString(link)),
            Title = "",
            Published = ReadDate(row, Column.Published),
            Updated = ReadDate(row, Column.Updated),
            ContentFromPage = Read(row, Column.ContentFromPage, out _)[0] == 1,
            Topics = ReadTopics(row),
        };
        var identity = new TextIdentity(ReadText(row, Column.Fingerprint)!, NearDuplicateSignature.FromBytes(Read(row, Column.Signature, out _)));
        return PreparedArticle.Waiting(candidate, ReadText(row, Column.Hash)!, identity, this, row);
    }

    /// <summary>
    /// Appends the poll's settings after its rows (each key and value as UTF-8 text); where they start. A poll's settings
    /// include what it has seen of its feed (the pipeline's seen entries: a JSON list of an entry hash per entry, a
    /// few KB as a string), which waited as an object beside the rows and was promoted to gen2 with every waiting poll
    /// (bench/alloc-profile.md, h45g).
    /// </summary>
    public int AddSettings(IReadOnlyDictionary<string, string> settings)
    {
        var at = _length;
        BinaryPrimitives.WriteInt32LittleEndian(Reserve(Kind.Blob, sizeof(int)), settings.Count);
        foreach (var (key, value) in settings)
        {
            AddText(key);
            AddText(value);
        }
        return at;
    }

    /// <summary>The settings <see cref="AddSettings"/> appended at <paramref name="at"/>, in the order they were added.</summary>
    public Dictionary<string, string> ReadSettings(int at)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(ReadAt(ref at, out _));
        var settings = new Dictionary<string, string>(count);
        for (var i = 0; i < count; i++)
        {
            var key = Encoding.UTF8.GetString(ReadAt(ref at, out _));
            settings[key] = Encoding.UTF8.GetString(ReadAt(ref at, out _));
        }
        return settings;
    }

    // One column's bytes at `at`, which moves past it.
    private ReadOnlySpan<byte> ReadAt(ref int at, out Kind kind)
    {
        kind = (Kind)_buffer[at];
        var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(at + 1));
        var bytes = _buffer.AsSpan(at + HeaderBytes, length);
        at += HeaderBytes + length;
        return bytes;
    }

    private ushort TopicNumber(string topic)
    {
        var number = _topicNames.IndexOf(topic);
        if (number < 0)
        {
            number = _topicNames.Count;
            _topicNames.Add(topic);
        }
        return checked((ushort)number);
    }

    private string[] ReadTopics(int row)
    {
        var numbers = Read(row, Column.Topics, out _);
        var topics = numbers.Length == 0 ? [] : new string[numbers.Length / sizeof(ushort)];
        for (var i = 0; i < topics.Length; i++)
        {
            topics[i] = _topicNames[BinaryPrimitives.ReadUInt16LittleEndian(numbers[(sizeof(ushort) * i)..])];
        }
        return topics;
    }

    private void AddDate(DateTimeOffset? date)
    {
        if (date is not { } value)
        {
            Reserve(Kind.Null, 0);
            return;
        }
        var bytes = Reserve(Kind.Blob, DateBytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value.Ticks);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[8..], checked((short)value.TotalOffsetMinutes));
    }

    private DateTimeOffset? ReadDate(int row, Column column)
    {
        var bytes = Read(row, column, out var kind);
        return kind == Kind.Null
            ? null
            : new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(bytes), TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(bytes[8..])));
    }

    /// <summary>A column of the row at <paramref name="row"/>: its kind and bytes.</summary>
    public ReadOnlySpan<byte> Read(int row, Column column, out Kind kind)
    {
        var at = Skip(row, (int)column);
        kind = (Kind)_buffer[at];
        return _buffer.AsSpan(at + HeaderBytes, BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(at + 1)));
    }

    /// <summary>Where the row after the one at <paramref name="row"/> starts (rows are added one after the other).</summary>
    public int Next(int row) => Skip(row, ColumnCount);

    private int Skip(int row, int columns)
    {
        var at = row;
        for (var i = 0; i < columns; i++)
        {
            at += HeaderBytes + BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(at + 1));
        }
        return at;
    }

    /// <summary>A text column as a string (null for NULL): for the rare statements bound through a command.</summary>
    public string? ReadText(int row, Column column)
    {
        var bytes = Read(row, column, out var kind);
        return kind == Kind.Null ? null : Encoding.UTF8.GetString(bytes);
    }

    public ArticleText TextOf(int row) =>
        new(ReadText(row, Column.Title)!, ReadText(row, Column.Content) ?? ReadText(row, Column.Summary));

    /// <summary>
    /// The whole entry of the row, for the rare decision that needs every field: an article stored by a build that
    /// hashed content by SHA-256 (<see cref="PreparedArticle.LegacyHash"/>).
    /// </summary>
    public Normalize.ArticleCandidate CandidateOf(int row)
    {
        var decided = Unpack(row, ReadText(row, Column.OutletId)!).Candidate;
        return decided with
        {
            Link = new Uri(ReadText(row, Column.Link)!),
            Title = ReadText(row, Column.Title)!,
            Summary = ReadText(row, Column.Summary),
            Content = ReadText(row, Column.Content),
            Author = ReadText(row, Column.Author),
            Categories = JsonSerializer.Deserialize(Read(row, Column.Categories, out _), StoreJson.Default.IReadOnlyListString) ?? [],
            Enclosures = StoredRows.Enclosures(JsonSerializer.Deserialize(Read(row, Column.Enclosures, out _), StoreJson.Default.ListStoredEnclosure)),
            ImageUrl = ReadText(row, Column.Image) is { } image ? new Uri(image) : null,
        };
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            Pool.Return(_buffer);
            _buffer = [];
        }
    }

    private void AddText(string? text)
    {
        if (text is null)
        {
            Reserve(Kind.Null, 0);
            return;
        }
        Append(Kind.Text, text);
    }

    private void AddPackable(string? text)
    {
        if (text is null)
        {
            Reserve(Kind.Null, 0);
            return;
        }
        Append(PackedText.Packable(text) ? Kind.Packable : Kind.Text, text);
    }

    // Encoding.UTF8, as the binding of a string encodes it: the stored bytes are the same.
    private void Append(Kind kind, string text) => Encoding.UTF8.GetBytes(text, Reserve(kind, Encoding.UTF8.GetByteCount(text)));

    private Span<byte> Reserve(Kind kind, int bytes)
    {
        var needed = _length + HeaderBytes + bytes;
        if (needed > _buffer.Length)
        {
            var larger = Pool.Rent(Math.Max(needed, 2 * _buffer.Length));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            Pool.Return(_buffer);
            _buffer = larger;
            Growths++;
        }
        var start = _length;
        _buffer[start] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(start + 1), bytes);
        _length = needed;
        return _buffer.AsSpan(start + HeaderBytes, bytes);
    }
}
