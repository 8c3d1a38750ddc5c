using System.Buffers;
using System.Buffers.Binary;
using System.Text;
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
/// are unchanged and never bound, and Brotli is the costly part of a row.
/// </remarks>
internal sealed class PackedArticleRows : IPackedArticles, IDisposable
{
    /// <summary>A row's columns, in the order they are written.</summary>
    public enum Column { Id, Title, Summary, Content, Author, Link, Categories, Enclosures, Image, Search, Signature }

    /// <summary>What a column holds: NULL, UTF-8 text, a blob, or UTF-8 text long enough to be packed when bound.</summary>
    public enum Kind : byte { Null, Text, Blob, Packable }

    private const int HeaderBytes = 5;

    // The pool's own, not ArrayPool<byte>.Shared: the shared pool keeps a handful of arrays of a size per core, and all
    // 64 polls in progress can wait at once; the buffers it dropped would be large objects dying in gen2 after all. Polls
    // of more than the largest pooled size (thousands of long articles) get an array of their own.
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 4 * 1024 * 1024, maxArraysPerBucket: 128);

    private byte[] _buffer;
    private int _length;

    public PackedArticleRows(int articles) => _buffer = Pool.Rent(Math.Max(4096, articles * 2048));

    /// <summary>The bytes the rows take so far.</summary>
    public int Bytes => _length;

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
        return row;
    }

    /// <summary>A column of the row at <paramref name="row"/>: its kind and bytes.</summary>
    public ReadOnlySpan<byte> Read(int row, Column column, out Kind kind)
    {
        var at = row;
        for (var i = 0; i < (int)column; i++)
        {
            at += HeaderBytes + BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(at + 1));
        }
        kind = (Kind)_buffer[at];
        return _buffer.AsSpan(at + HeaderBytes, BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(at + 1)));
    }

    /// <summary>A text column as a string (null for NULL): for the rare statements bound through a command.</summary>
    public string? ReadText(int row, Column column)
    {
        var bytes = Read(row, column, out var kind);
        return kind == Kind.Null ? null : Encoding.UTF8.GetString(bytes);
    }

    public ArticleText TextOf(int row) =>
        new(ReadText(row, Column.Title)!, ReadText(row, Column.Content) ?? ReadText(row, Column.Summary));

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
        }
        var start = _length;
        _buffer[start] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(start + 1), bytes);
        _length = needed;
        return _buffer.AsSpan(start + HeaderBytes, bytes);
    }
}
