namespace Aggregator.Load;

/// <summary>How a synthetic outlet answers: like most sites, slowly, with a server error, or not at all within the fetch timeout.</summary>
internal enum OutletBehaviour
{
    Normal,
    Slow,
    ServerError,
    Hang,
}
