using System.Globalization;
using AngleSharp.Dom;

namespace Aggregator.FullText;

/// <summary>
/// Tells data tables (kept whole) from layout tables (cleaned like any block), by Readability's
/// markers: summary, caption, header cells, or enough rows and columns.
/// </summary>
internal static class DataTables
{
    public static bool IsDataTable(IElement table)
    {
        if (string.Equals(table.GetAttribute("role"), "presentation", StringComparison.Ordinal)
            || string.Equals(table.GetAttribute("datatable"), "0", StringComparison.Ordinal))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(table.GetAttribute("summary")))
        {
            return true;
        }

        if (Dom.ByTag(table, "caption").FirstOrDefault() is { } caption && caption.ChildNodes.Length > 0)
        {
            return true;
        }

        if (Dom.ByTag(table, "col", "colgroup", "tfoot", "thead", "th").Count > 0)
        {
            return true;
        }

        if (Dom.CountTag(table, "table") > 0)
        {
            return false;
        }

        var rows = 0;
        var columns = 0;
        foreach (var tr in Dom.ByTag(table, "tr"))
        {
            rows += Math.Max(1, ParseSpan(tr.GetAttribute("rowspan")));
            var cols = 0;
            foreach (var td in tr.Children.Where(c => Dom.Is(c, "td")))
            {
                cols += Math.Max(1, ParseSpan(td.GetAttribute("colspan")));
            }

            columns = Math.Max(columns, cols);
        }

        return rows >= 10 || columns > 4 || rows * columns > 10;
    }

    private static int ParseSpan(string? s) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Min(n, 1000) : 0;
}
