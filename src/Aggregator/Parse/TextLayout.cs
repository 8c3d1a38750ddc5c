namespace Aggregator.Parse;

/// <summary>How <see cref="HtmlText.ToPlainText"/> lays out the text it takes from HTML.</summary>
public enum TextLayout
{
    /// <summary>One line: tags removed (a few blocks leave a space), references decoded, whitespace collapsed. Titles, names and feed fields are stored this way.</summary>
    Inline,

    /// <summary>One line per block, as a reader displays a summary or content in a list (topic matching, excerpts).</summary>
    Blocks,
}
