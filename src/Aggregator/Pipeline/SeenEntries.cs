using System.Buffers;
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

    private readonly string _outletId;
    private readonly HashSet<string> _previous;
    private readonly byte[] _context;

    private SeenEntries(string outletId, HashSet<string> previous, byte[] context)
    {
        _outletId = outletId;
        _previous = previous;
        _context = context;
    }

    /// <summary>Each entry serialized in turn into the same buffer: an array per entry allocated its whole text again.</summary>
    private readonly ArrayBufferWriter<byte> _entryBytes = new();

    /// <summary>The fingerprints of this read's entries, in feed order, for <see cref="SaveAsync"/>.</summary>
    public List<string> Current { get; } = [];

    private static string Key(string outletId) => "entries:" + outletId;

    /// <param name="topicsHash">The digest of the topic rules: entries read under other rules are matched again.</param>
    /// <param name="duplicates">The duplicate thresholds: entries read under others are deduplicated again.</param>
    public static async Task<SeenEntries> LoadAsync(
        IAggregatorStore store, Outlet outlet, Uri fallbackLink, string topicsHash, DuplicateThresholds duplicates, CancellationToken ct)
    {
        var stored = await store.GetSettingAsync(Key(outlet.Id), ct);
        var previous = stored is null ? [] : JsonSerializer.Deserialize(stored, SeenEntriesJson.Default.ListString) ?? [];
        var context = JsonSerializer.SerializeToUtf8Bytes(
            new FingerprintContext(BuildId, outlet, fallbackLink.AbsoluteUri, topicsHash, duplicates),
            SeenEntriesJson.Default.FingerprintContext);
        return new SeenEntries(outlet.Id, previous.ToHashSet(StringComparer.Ordinal), context);
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
        : new Dictionary<string, string> { [Key(_outletId)] = JsonSerializer.Serialize(Current, SeenEntriesJson.Default.ListString) };

    private string Fingerprint(FeedEntry entry)
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
        return Convert.ToHexString(digest[..16]);
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
