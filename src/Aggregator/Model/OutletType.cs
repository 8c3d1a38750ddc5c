namespace Aggregator.Model;

public enum OutletType
{
    /// <summary>RSS, RDF, Atom or JSON Feed, detected from content.</summary>
    Feed,
    /// <summary>A listing page to scrape.</summary>
    Html,
}
