using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Aggregator.Model;
using Aggregator.Store;

namespace Aggregator.Pipeline;

/// <summary>
/// Fingerprints of the entries an outlet's last successful read held, exactly as parsed, so a feed that
/// changed one entry out of fifty (or has no validators and answers 200 every time) normalizes and
/// stores one entry, not fifty: sanitizing, topic matching and the store's hashing of unchanged entries
/// were most of a re-poll's CPU. Miniflux skips entries it already has for the same reason.
/// </summary>
/// <remarks>
/// A fingerprint covers the parsed entry and everything that decides what it normalizes to: the outlet's
/// definition, the topics, the duplicate thresholds and this build of the program. Changing any of them
/// makes every entry new to this check once, and the store then decides as it always did. The list is
/// kept in the store's settings, written in the poll's own transaction, so it never names an entry that was
/// not stored; losing it costs one full re-poll.
/// </remarks>
public sealed class SeenEntries
{
    private static readonly string BuildId = typeof(SeenEntries).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Bytes of a fingerprint: the first half of the entry's SHA-256, as the stored hex strings always held.</summary>
    private const int FingerprintBytes = 16;

    private readonly string _outletId;
    private readonly HashSet<UInt128> _previous;
    private readonly byte[] _context;

    private SeenEntries(string outletId, HashSet<UInt128> previous, byte[] context)
    {
        _outletId = outletId;
        _previous = previous;
        _context = context;
    }

    /// <summary>Each entry serialized in turn into the same buffer: an array per entry allocated its whole text again.</summary>
    private readonly ArrayBufferWriter<byte> _entryBytes = new();

    /// <summary>The fingerprints of this read's entries, in feed order, for <see cref="SaveAsync"/>.</summary>
    public List<UInt128> Current { get; } = [];

    private static string Key(string outletId) => "entries:" + outletId;

    /// <param name="topicsHash">The digest of the topic rules: entries read under other rules are matched again.</param>
    /// <param name="duplicates">The duplicate thresholds: entries read under others are deduplicated again.</param>
    public static async Task<SeenEntries> LoadAsync(
        IAggregatorStore store, Outlet outlet, Uri fallbackLink, string topicsHash, DuplicateThresholds duplicates, CancellationToken ct)
    {
        var stored = await store.GetSettingAsync(Key(outlet.Id), ct);
        var context = JsonSerializer.SerializeToUtf8Bytes(
            new FingerprintContext(BuildId, outlet, fallbackLink.AbsoluteUri, topicsHash, duplicates),
            SeenEntriesJson.Default.FingerprintContext);
        return new SeenEntries(outlet.Id, stored is null ? [] : Parse(stored), context);
    }

    /// <summary>Records the entry's fingerprint; true when the last successful read held the very same entry.</summary>
    public bool SeenBefore(FeedEntry entry)
    {
        var fingerprint = Fingerprint(entry);
        Current.Add(fingerprint);
        return _previous.Contains(fingerprint);
    }

    /// <summary>This read's fingerprints as the setting the poll stores with its articles, for the next read.</summary>
    public IReadOnlyDictionary<string, string> AsSettings() => Current.Count == 0 && _previous.Count == 0
        ? new Dictionary<string, string>()
        : new Dictionary<string, string> { [Key(_outletId)] = Format(Current) };

    /// <summary>
    /// The fingerprints as stored: their bytes end to end, in base64. The JSON list of hex strings this replaced
    /// (<see cref="Parse"/> still reads it) took 35 characters a fingerprint where this takes 21.3: the setting is
    /// rewritten whole whenever an outlet has anything new, and a re-poll with a tenth new rewrote every outlet's
    /// (cpu-profile.md, h49d).
    /// </summary>
    internal static string Format(IReadOnlyList<UInt128> fingerprints)
    {
        var bytes = new byte[fingerprints.Count * FingerprintBytes];
        for (var i = 0; i < fingerprints.Count; i++)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(i * FingerprintBytes), fingerprints[i]);
        }
        return Convert.ToBase64String(bytes);
    }

    /// <summary>A stored setting back as fingerprints: the base64 of <see cref="Format"/>, or the JSON list of hex strings stores held before it.</summary>
    internal static HashSet<UInt128> Parse(string stored)
    {
        var previous = new HashSet<UInt128>();
        if (stored.StartsWith('['))
        {
            // Written by a build before this one: its fingerprints cannot match this build's (the build is part of
            // every fingerprint), but they are read as they are rather than failing the outlet's poll.
            foreach (var hex in JsonSerializer.Deserialize(stored, SeenEntriesJson.Default.ListString) ?? [])
            {
                previous.Add(BinaryPrimitives.ReadUInt128BigEndian(Convert.FromHexString(hex)));
            }
            return previous;
        }
        var bytes = Convert.FromBase64String(stored);
        for (var at = 0; at + FingerprintBytes <= bytes.Length; at += FingerprintBytes)
        {
            previous.Add(BinaryPrimitives.ReadUInt128BigEndian(bytes.AsSpan(at, FingerprintBytes)));
        }
        return previous;
    }

    private UInt128 Fingerprint(FeedEntry entry)
    {
        // The context and the entry hashed as one buffer in one call: the same digest as hashing them in turn, without
        // a hash object per entry. The writer does not escape markup: the bytes only feed the hash, and
        // escaping every '<' and non-ASCII letter of an HTML body was most of what serializing it cost (issue 23).
        _entryBytes.ResetWrittenCount();
        _entryBytes.Write(_context);
        using (var writer = new Utf8JsonWriter(_entryBytes, WriterOptions))
        {
            WriteEntry(writer, entry);
        }
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_entryBytes.WrittenSpan, digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest[..FingerprintBytes]);
    }

    /// <summary>
    /// The entry as the fingerprint hashes it: the JSON of System.Text.Json's generated contract for a
    /// <see cref="FeedEntry"/> (the tests' FeedEntryContract), byte for byte, but a body the parser kept as UTF-8 (<see cref="FeedEntry.Utf8Content"/>)
    /// is written from its bytes, so an unchanged entry of a re-poll is hashed without ever being decoded. The writer
    /// escapes UTF-8 and the string it stands for alike (SeenEntriesFingerprintTests prove it over the corpora):
    /// fingerprints are stored, and a change would make every entry new once after an upgrade.
    /// </summary>
    /// <remarks>
    /// Written by hand, property by property in the contract's order, because a contract modifier that put converters
    /// in place of the two bodies (h45u) made the serializer drop the source generator's fast path for the whole entry
    /// and walk its metadata: 488 bytes allocated per entry instead of 176 (bench/parse-profile.md, 2026-12-06 19:30).
    /// A new property of <see cref="FeedEntry"/>, <see cref="Person"/> or <see cref="Enclosure"/> must be added here;
    /// the tests compare with the generated contract and fail until it is.
    /// </remarks>
    internal static void WriteEntry(Utf8JsonWriter writer, FeedEntry entry)
    {
        writer.WriteStartObject();
        WriteString(writer, "Id"u8, entry.Id);
        WriteString(writer, "Title"u8, entry.Title);
        WriteUri(writer, "Link"u8, entry.Link);
        WriteDate(writer, "Published"u8, entry.Published);
        WriteDate(writer, "Updated"u8, entry.Updated);
        writer.WriteStartArray("Authors"u8);
        foreach (var author in entry.Authors)
        {
            writer.WriteStartObject();
            WriteString(writer, "Name"u8, author.Name);
            WriteString(writer, "Email"u8, author.Email);
            WriteUri(writer, "Uri"u8, author.Uri);
            WriteString(writer, "Display"u8, author.Display);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteBody(writer, "Summary"u8, entry.Utf8Summary, static e => e.Summary, entry);
        WriteBody(writer, "Content"u8, entry.Utf8Content, static e => e.Content, entry);
        writer.WriteStartArray("Categories"u8);
        foreach (var category in entry.Categories)
        {
            WriteStringValue(writer, category);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("Enclosures"u8);
        foreach (var enclosure in entry.Enclosures)
        {
            writer.WriteStartObject();
            WriteUri(writer, "Url"u8, enclosure.Url);
            WriteString(writer, "MediaType"u8, enclosure.MediaType);
            writer.WritePropertyName("Length"u8);
            if (enclosure.Length is { } length)
            {
                writer.WriteNumberValue(length);
            }
            else
            {
                writer.WriteNullValue();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        WriteUri(writer, "ImageUrl"u8, entry.ImageUrl);
        WriteUri(writer, "BaseUri"u8, entry.BaseUri);
        WriteString(writer, "Author"u8, entry.Author);
        writer.WriteEndObject();
    }

    // Only the property whose UTF-8 is absent is read as a string: its getter would decode the UTF-8.
    private static void WriteBody(Utf8JsonWriter writer, ReadOnlySpan<byte> name, Utf8Text? utf8, Func<FeedEntry, string?> text, FeedEntry entry)
    {
        writer.WritePropertyName(name);
        if (utf8 is not null)
        {
            writer.WriteStringValue(utf8.Bytes);
        }
        else
        {
            WriteStringValue(writer, text(entry));
        }
    }

    private static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        writer.WritePropertyName(name);
        WriteStringValue(writer, value);
    }

    private static void WriteStringValue(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    // As System.Text.Json's own converter writes a Uri: its original string, not the normalized ToString().
    private static void WriteUri(Utf8JsonWriter writer, ReadOnlySpan<byte> name, Uri? value) => WriteString(writer, name, value?.OriginalString);

    private static void WriteDate(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset? value)
    {
        writer.WritePropertyName(name);
        if (value is { } date)
        {
            writer.WriteStringValue(date);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };
}

/// <summary>What besides the entry decides what it normalizes to.</summary>
internal sealed record FingerprintContext(string Build, Outlet Outlet, string FallbackLink, string TopicsHash, DuplicateThresholds Duplicates);

[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(FingerprintContext))]
internal sealed partial class SeenEntriesJson : JsonSerializerContext;
