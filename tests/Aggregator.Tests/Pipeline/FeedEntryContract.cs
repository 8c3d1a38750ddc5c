using System.Text.Json.Serialization;
using Aggregator.Model;

namespace Aggregator.Tests.Pipeline;

/// <summary>The generated JSON contract of a <see cref="FeedEntry"/>: what SeenEntries.WriteEntry writes by hand, and so its oracle.</summary>
[JsonSerializable(typeof(FeedEntry))]
internal sealed partial class FeedEntryContract : JsonSerializerContext;
