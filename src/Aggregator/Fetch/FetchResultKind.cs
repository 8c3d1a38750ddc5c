namespace Aggregator.Fetch;

public enum FetchResultKind
{
    /// <summary>A 2xx with its body read in full.</summary>
    Ok,

    /// <summary>A 304: the copy from the last poll is still current.</summary>
    NotModified,

    /// <summary>Anything else; <see cref="FetchResult.Error"/> says why.</summary>
    Failed,
}
