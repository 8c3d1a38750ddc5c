using System.Buffers;
using System.Buffers.Binary;

namespace Aggregator.Dedup;

/// <summary>
/// What the near-duplicate index keeps per article: 24 bytes, stored as a BLOB (<see cref="ToBytes"/>).
/// <list type="bullet">
/// <item><see cref="Text"/>: 64-bit SimHash of the word 3-shingles of title and body, for copies with small edits
/// (caption added, paragraph dropped, note appended).</item>
/// <item><see cref="Lead"/>: 64-bit SimHash of the first <see cref="LeadWords"/> words of the body, for a teaser
/// against the full text: a whole-text hash cannot see that one text is the start of the other.</item>
/// <item><see cref="Title"/>: exact hash of a long folded title, for a title-only item against its full copy.</item>
/// </list>
/// A part is 0 when the text is too short for it to mean anything.
/// <para>
/// Why SimHash and not MinHash with LSH bands: MinHash needs ~100+ bytes per article (e.g. 24 x 32-bit
/// minima) and one hash table per band (8-16 tables of 1M entries each, 150-300 MB in .NET dictionaries),
/// and rebuilding those at start-up costs millions of dictionary inserts. SimHash is 8 bytes per part; its
/// permuted-table index (4 tables keyed by 16-bit blocks, Manku et al. 2007) finds every signature within
/// 3 bits with ~15 chain steps per table at 1M entries (measured in the scale test), fits in ~100 MB, and
/// rebuilds from stored values with array inserts only. Its weakness (no containment, coarse for short
/// texts) is what <see cref="Lead"/> and the exact confirmation in <see cref="DuplicatePolicy"/> cover.
/// </para>
/// </summary>
public readonly record struct NearDuplicateSignature(ulong Text, ulong Lead, ulong Title)
{
    /// <summary>
    /// Bump when <see cref="Compute(FoldedArticle)"/> changes (folding, boilerplate rules, shingling, hashing):
    /// stored signatures of another version must be recomputed, or copies stop finding each other.
    /// </summary>
    public const int Version = 1;

    /// <summary>Stored size in bytes.</summary>
    public const int Size = 24;

    /// <summary>Words of the body's start hashed into <see cref="Lead"/>; a one-sentence teaser is rarely shorter.</summary>
    public const int LeadWords = 16;

    /// <summary>Shorter titles ("Weekly roundup", "News in brief") are too generic to find copies by.</summary>
    public const int MinTitleWords = 6;

    public static NearDuplicateSignature Compute(string title, string? body) => Compute(FoldedArticle.From(title, body));

    public static NearDuplicateSignature Compute(FoldedArticle folded)
    {
        int titleWords = folded.TitleWordCount;
        int count = titleWords + folded.BodyWordCount;
        // Every word is hashed once for both sequences (the lead's words are the body's first), in buffers that are
        // not kept: this runs for every article a poll stores (issue 23).
        int needed = count + Math.Max(count, 1);
        ulong[]? rented = count > StackWords ? ArrayPool<ulong>.Shared.Rent(needed) : null;
        Span<ulong> buffer = rented is null ? stackalloc ulong[needed] : rented;
        try
        {
            Span<ulong> wordHashes = buffer[..count];
            Span<ulong> shingles = buffer.Slice(count, Math.Max(count, 1));
            Shingles.HashWords(folded.TitleWords, wordHashes);
            Shingles.HashWords(folded.BodyWords, wordHashes[titleWords..]);
            // Over the shingle sequence, repeats included: cheaper than a set, and a repeated phrase is rare.
            ulong text = SimHash.Of(shingles[..Shingles.Sequence(wordHashes, shingles)]);
            ulong lead = folded.BodyWordCount >= LeadWords
                ? SimHash.Of(shingles[..Shingles.Sequence(wordHashes.Slice(titleWords, LeadWords), shingles)])
                : 0;
            ulong titleHash = titleWords >= MinTitleWords ? StableHash.OfWords(folded.TitleWords) | 1 : 0;
            return new NearDuplicateSignature(text, lead, titleHash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Words of an article whose hashes and shingles fit on the stack (16 KB).</summary>
    private const int StackWords = 1024;

    /// <summary>Little-endian Text, Lead, Title: the BLOB layout. Never change it without a migration.</summary>
    public byte[] ToBytes()
    {
        byte[] bytes = new byte[Size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0), Text);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), Lead);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), Title);
        return bytes;
    }

    public static NearDuplicateSignature FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"dedup: a signature is {Size} bytes, got {bytes.Length}", nameof(bytes));
        }
        return new NearDuplicateSignature(
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]));
    }
}
