namespace Aggregator.Model;

/// <summary>
/// What Publish needs of the running configuration: the topics it serves, the outlets it names and the defaults
/// (site address, hub, feed size), without reaching into the configuration itself (Hosting wires it in).
/// </summary>
public interface ISiteCatalog : IOutletCatalog
{
    /// <summary>Every topic served, the built-in "all" included, as of the last valid reload.</summary>
    IEnumerable<TopicDefinition> Topics { get; }

    /// <summary>The file the configuration was read from: health reports name it.</summary>
    string ConfigFile { get; }

    /// <summary>Raised after each valid reload: whatever was rendered from the old topics or outlets is stale.</summary>
    event Action? Reloaded;

    /// <summary>The served topic with this id; null when there is none.</summary>
    TopicDefinition? FindTopic(string id);
}
