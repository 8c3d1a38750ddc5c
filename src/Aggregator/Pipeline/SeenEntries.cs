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
            JsonSerializer.Serialize(writer, entry, SeenEntriesJson.Default.FeedEntry);
        }
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_entryBytes.WrittenSpan, digest);
        return Convert.ToHexString(digest[..16]);
    }

    private static readonly JsonWriterOptions WriterOptions = new()
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
