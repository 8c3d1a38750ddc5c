namespace Aggregator.Tests.Normalize.Browser;

/// <summary>What is wrong with one rendered page of sanitized entries; empty lists when it is safe.</summary>
internal sealed record BatchVerdict(IReadOnlyList<string> Problems, IReadOnlyList<string> AllowedRequests)
{
    public bool IsSafe => Problems.Count == 0;

    /// <summary>
    /// Judges <paramref name="observation"/>: any executed sink, dialog, popup, navigation or dangerous DOM is
    /// a problem, and so is any request to a URL the sanitized markup does not name literally.
    /// </summary>
    public static BatchVerdict Judge(RenderObservation observation, IReadOnlySet<string> markupUrls)
    {
        var problems = new List<string>();
        problems.AddRange(observation.SinkCalls.Select(c => "script ran: " + c));
        problems.AddRange(observation.Dialogs.Select(d => "dialog opened: " + d));
        problems.AddRange(observation.Popups.Select(p => "window opened: " + p));
        problems.AddRange(observation.DomFindings.Select(f => "in Chromium's DOM: " + f));
        if (observation.NavigatedAway)
        {
            problems.Add("the page navigated away");
        }

        var allowed = new List<string>();
        foreach (var request in observation.Requests)
        {
            if (SanitizedMarkup.Normalize(request) is { } url && markupUrls.Contains(url))
            {
                allowed.Add(request);
            }
            else
            {
                problems.Add("unexpected request: " + request);
            }
        }

        return new BatchVerdict(problems, allowed);
    }
}
