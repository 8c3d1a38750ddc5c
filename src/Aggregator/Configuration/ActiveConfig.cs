using Aggregator.Model;

namespace Aggregator.Configuration;

/// <summary>The configuration the worker runs on now; replaced whole on a valid reload.</summary>
public sealed class ActiveConfig(ConfigSnapshot initial) : ISiteCatalog
{
    private volatile ConfigSnapshot _current = initial;

    public ConfigSnapshot Current => _current;

    public event Action<ConfigSnapshot>? Changed;

    public event Action? OutletsChanged;

    public event Action? Reloaded;

    public IReadOnlyList<Outlet> Outlets => _current.Config.Outlets;

    public Defaults Defaults => _current.Config.Defaults;

    public Outlet? Find(string id) => _current.FindOutlet(id);

    public IEnumerable<TopicDefinition> Topics => _current.Config.AllTopics;

    public string ConfigFile => _current.FilePath;

    public TopicDefinition? FindTopic(string id) => _current.FindTopic(id);

    public void Replace(ConfigSnapshot next)
    {
        _current = next;
        Changed?.Invoke(next);
        OutletsChanged?.Invoke();
        Reloaded?.Invoke();
    }
}
