namespace Aggregator.Scrape;

/// <summary>How much a part of the page looks like page furniture rather than the listing itself.</summary>
internal enum FurnitureLevel
{
    /// <summary>Ordinary content.</summary>
    None,
    /// <summary>Main content (main, role=main, #content): a listing is expected here.</summary>
    Main,
    /// <summary>Headers, sidebars, widgets, promotional blocks: a listing here is unlikely to be the page's own.</summary>
    Secondary,
    /// <summary>Navigation, menus, footers, share widgets, tag clouds, pagination, comments: never a listing.</summary>
    Excluded,
}
