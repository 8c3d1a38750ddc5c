namespace Aggregator.Publish;

/// <summary>A rendered document with the validators readers send back.</summary>
public sealed record RenderedFeed(byte[] Body, string MediaType, string ETag, DateTimeOffset LastModified);
