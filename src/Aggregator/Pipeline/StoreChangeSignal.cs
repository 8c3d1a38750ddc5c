namespace Aggregator.Pipeline;

/// <summary>
/// The one signal that what the feeds show may have changed, whichever process stored it: this
/// process's polls and pushes raise it, and on a store several processes share
/// (<see cref="Store.IStoreChangeSource"/>) the host's listener raises it for the others' changes.
/// The feed cache and the WebSub publisher listen here and nowhere else.
/// </summary>
public sealed class StoreChangeSignal
{
    public event Action? Changed;

    public void Raise() => Changed?.Invoke();
}
