namespace Aggregator.Model;

/// <summary>
/// The outlets the worker runs on now and the defaults they share: what Scheduling and WebSub need of the
/// running configuration, without reaching into it (Hosting wires the running configuration in).
/// </summary>
public interface IOutletCatalog
{
    /// <summary>Every configured outlet, enabled or not, as of the last valid reload.</summary>
    IReadOnlyList<Outlet> Outlets { get; }

    /// <summary>The defaults of the last valid reload.</summary>
    Defaults Defaults { get; }

    /// <summary>Raised after each valid reload.</summary>
    event Action? OutletsChanged;

    /// <summary>The configured outlet with this id, enabled or not; null when there is none.</summary>
    Outlet? Find(string id);
}
