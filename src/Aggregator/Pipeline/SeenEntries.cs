using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
    /// The entry as the fingerprint hashes it: the JSON of <see cref="SeenEntriesJson"/>'s contract for a
    /// <see cref="FeedEntry"/>, byte for byte, but a body the parser kept as UTF-8 (<see cref="FeedEntry.Utf8Content"/>)
    /// is written from its bytes, so an unchanged entry of a re-poll is hashed without ever being decoded. The writer
    /// escapes UTF-8 and the string it stands for alike (SeenEntriesFingerprintTests prove it over the corpora):
    /// fingerprints are stored, and a change would make every entry new once after an upgrade.
    /// </summary>
    internal static void WriteEntry(Utf8JsonWriter writer, FeedEntry entry) => JsonSerializer.Serialize(writer, entry, UndecodedBodies);

    private static readonly JsonTypeInfo<FeedEntry> UndecodedBodies = (JsonTypeInfo<FeedEntry>)new JsonSerializerOptions
    {
        TypeInfoResolver = SeenEntriesJson.Default.WithAddedModifier(WriteBodiesUndecoded),
    }.GetTypeInfo(typeof(FeedEntry));

    // Each body property gives way, in its place, to one whose value is the entry itself, written by a converter that
    // takes the UTF-8 when there is one: the property's getter would decode it.
    private static void WriteBodiesUndecoded(JsonTypeInfo info)
    {
        if (info.Type != typeof(FeedEntry))
        {
            return;
        }

        for (var i = 0; i < info.Properties.Count; i++)
        {
            var body = info.Properties[i].Name switch
            {
                nameof(FeedEntry.Summary) => new EntryBodyConverter(e => e.Utf8Summary, e => e.Summary),
                nameof(FeedEntry.Content) => new EntryBodyConverter(e => e.Utf8Content, e => e.Content),
                _ => null,
            };
            if (body is not null)
            {
                var property = info.CreateJsonPropertyInfo(typeof(FeedEntry), info.Properties[i].Name);
                property.Get = entry => entry;
                property.CustomConverter = body;
                info.Properties[i] = property;
            }
        }
    }

    /// <summary>One body of an entry, from its UTF-8 when the parser kept it so, else from its string.</summary>
    private sealed class EntryBodyConverter(Func<FeedEntry, Utf8Text?> utf8, Func<FeedEntry, string?> text) : JsonConverter<FeedEntry>
    {
        public override FeedEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Fingerprints are only written.");

        public override void Write(Utf8JsonWriter writer, FeedEntry value, JsonSerializerOptions options)
        {
            if (utf8(value) is { } bytes)
            {
                writer.WriteStringValue(bytes.Bytes);
            }
            else if (text(value) is { } body)
            {
                writer.WriteStringValue(body);
            }
            else
            {
                writer.WriteNullValue();
            }
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
[JsonSerializable(typeof(FeedEntry))]
[JsonSerializable(typeof(FingerprintContext))]
internal sealed partial class SeenEntriesJson : JsonSerializerContext;
