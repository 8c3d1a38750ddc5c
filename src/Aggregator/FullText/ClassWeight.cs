using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>±25 per class and per id that hints at content or at boilerplate.</summary>
internal static class ClassWeight
{
    public static int Of(IElement e, GrabFlags flags)
    {
        if (!flags.HasFlag(GrabFlags.WeightClasses))
        {
            return 0;
        }

        var weight = 0;
        var className = e.ClassName;
        if (!string.IsNullOrEmpty(className))
        {
            if (ReadabilityPatterns.Negative().IsMatch(className))
            {
                weight -= 25;
            }

            if (ReadabilityPatterns.Positive().IsMatch(className))
            {
                weight += 25;
            }
        }

        var id = e.Id;
        if (!string.IsNullOrEmpty(id))
        {
            if (ReadabilityPatterns.Negative().IsMatch(id))
            {
                weight -= 25;
            }

            if (ReadabilityPatterns.Positive().IsMatch(id))
            {
                weight += 25;
            }
        }

        return weight;
    }
}
