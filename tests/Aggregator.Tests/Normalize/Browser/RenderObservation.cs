namespace Aggregator.Tests.Normalize.Browser;

/// <summary>What one page load did in Chromium: the evidence that script ran or a request left.</summary>
/// <param name="SinkCalls">alert/confirm/prompt/print/__xss calls, as "name(args)".</param>
/// <param name="Dialogs">Real dialogs Chromium opened (the overrides above were bypassed if any).</param>
/// <param name="Requests">Every request the page or its frames tried, aborted before leaving.</param>
/// <param name="Popups">Windows the page opened.</param>
/// <param name="DomFindings">Dangerous markup in Chromium's own parse of the page, as "v{index}: finding".</param>
/// <param name="NavigatedAway">The document was replaced (a meta refresh, a form, a javascript: URL).</param>
public sealed record RenderObservation(
    IReadOnlyList<string> SinkCalls,
    IReadOnlyList<string> Dialogs,
    IReadOnlyList<string> Requests,
    IReadOnlyList<string> Popups,
    IReadOnlyList<string> DomFindings,
    bool NavigatedAway)
{
    /// <summary>True when anything shows that script executed.</summary>
    public bool ScriptRan => SinkCalls.Count > 0 || Dialogs.Count > 0 || Popups.Count > 0;
}
