namespace Aggregator.Hosting;

/// <summary>How SIGHUP reaches this process's reloaders.</summary>
internal enum HangupState
{
    Taken,

    /// <summary>The parent had SIGHUP ignored (nohup); it is taken as a reload all the same.</summary>
    TakenDespiteInheritedIgnore,

    /// <summary>Ignored and could not be taken: only an edit of feeds.json reloads.</summary>
    Ignored,
}
