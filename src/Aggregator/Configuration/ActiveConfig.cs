namespace Aggregator.Configuration;

/// <summary>The configuration the worker runs on now; replaced whole on a valid reload.</summary>
public sealed class ActiveConfig(ConfigSnapshot initial)
{
    private volatile ConfigSnapshot _current = initial;

    public ConfigSnapshot Current => _current;

    public event Action<ConfigSnapshot>? Changed;

    public void Replace(ConfigSnapshot next)
    {
        _current = next;
        Changed?.Invoke(next);
    }
}
