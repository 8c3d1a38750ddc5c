using System.Globalization;

namespace Aggregator.ParseGc;

internal sealed record Options(int[] Sizes, int Passes, int Block, string Before, bool PrintCollections, bool Nepotism)
{
    public static Options Parse(string[] args)
    {
        var options = new Options([40, 80, 160], 21, 16, "full", false, false);
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--sizes" when i + 1 < args.Length => options with { Sizes = args[++i].Split(',').Select(s => Number(s, "--sizes")).ToArray() },
                "--passes" when i + 1 < args.Length => options with { Passes = Number(args[++i], "--passes") },
                "--block" when i + 1 < args.Length => options with { Block = Number(args[++i], "--block") },
                "--before" when i + 1 < args.Length && args[i + 1] is "full" or "none" => options with { Before = args[++i] },
                "--gcs" => options with { PrintCollections = true },
                "--nepotism" => options with { Nepotism = true },
                _ => throw new ArgumentException($"unknown option, or a value missing, at '{args[i]}'"),
            };
        }
        return options;
    }

    private static int Number(string text, string option) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} takes positive whole numbers, not '{text}'");
}
