namespace Aggregator.Parse.Xml;

/// <summary>
/// What one direct road (RSS items, Atom entries) did on one thread: entries mapped from their bytes, entries it
/// declined (read into the tree instead), and dates it read from their bytes with no string. Each road keeps one in
/// a thread-static field, so a test reads the share its parse took as the difference across it, whatever other
/// tests run on other threads. Fields, so the road and <see cref="DirectChildren.Date"/> count in place.
/// </summary>
internal struct DirectRoadCount
{
    public int Taken;
    public int Declined;
    public int DatesFromBytes;

    public static DirectRoadCount operator -(DirectRoadCount after, DirectRoadCount before) => new()
    {
        Taken = after.Taken - before.Taken,
        Declined = after.Declined - before.Declined,
        DatesFromBytes = after.DatesFromBytes - before.DatesFromBytes,
    };
}
