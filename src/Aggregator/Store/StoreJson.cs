using System.Text.Json.Serialization;

namespace Aggregator.Store;

/// <summary>Enclosures as stored in their JSON column.</summary>
internal sealed record StoredEnclosure(string Url, string? Type, long? Length);

/// <summary>Source-generated JSON for the list columns: no reflection on the hot path.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(List<StoredEnclosure>))]
[JsonSerializable(typeof(IReadOnlyList<long>))]
[JsonSerializable(typeof(long[][]))]
internal sealed partial class StoreJson : JsonSerializerContext;
