namespace Aggregator.Parse.Xml;

/// <summary>
/// How many times this thread has read a document's markup, by any of the three roads (byte reader, XmlReader,
/// the lenient road with its mending passes), whether the read finished or gave up. A parse runs on one thread, so
/// the difference across one parse is its reads: what the well-formed road's price (<see cref="WellFormedFeed"/>)
/// is held to.
/// </summary>
internal static class DocumentReads
{
    [ThreadStatic]
    private static int t_reads;

    public static int OnThisThread => t_reads;

    public static void Count() => t_reads++;
}
