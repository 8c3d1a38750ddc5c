namespace Aggregator.FullText;

/// <summary>Heuristics that are relaxed one by one when a pass finds too little text.</summary>
[Flags]
internal enum GrabFlags
{
    None = 0,
    StripUnlikelys = 1,
    WeightClasses = 2,
    CleanConditionally = 4,
    All = StripUnlikelys | WeightClasses | CleanConditionally,
}
