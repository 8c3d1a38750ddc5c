namespace Aggregator.FullText;

/// <summary>How much text a byline, date or credit line carries beside the marked part: "By", "Photo:", "Updated".</summary>
internal static class ShortLine
{
    public const int Slack = 40;
}
