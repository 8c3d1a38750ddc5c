namespace Aggregator.Store;

/// <summary>
/// The store could not do what was asked (disk full, database locked or read-only, I/O error).
/// The message is one line naming the stage and the cause; nothing of the failed write was kept.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public StoreException(string message) : base(message)
    {
    }

    public StoreException()
    {
    }
}
