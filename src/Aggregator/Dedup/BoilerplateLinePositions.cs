namespace Aggregator.Dedup;

/// <summary>
/// The places in a line where a furniture rule's words may end so far: the rules are written as words that follow one
/// another, some optional and some alternatives ("photo" or "photograph", then an optional "s"), and every way they can
/// be read is kept, so a rule accepts exactly the lines its regular expression would (<see cref="BoilerplateFurniture"/>).
/// A set of positions counted from where the rule starts; no rule's words run longer than this holds.
/// </summary>
internal readonly ref struct BoilerplateLinePositions
{
    /// <summary>How far from its start a rule's words may end (bits of <see cref="_ends"/>).</summary>
    internal const int Reach = 64;

    private readonly ReadOnlySpan<char> _line;
    private readonly int _origin;
    private readonly ulong _ends;

    private BoilerplateLinePositions(ReadOnlySpan<char> line, int origin, ulong ends)
    {
        _line = line;
        _origin = origin;
        _ends = ends;
    }

    /// <summary>Nothing read yet: the one position <paramref name="at"/>.</summary>
    public static BoilerplateLinePositions At(ReadOnlySpan<char> line, int at = 0) => new(line, at, 1);

    /// <summary>No way of reading the line got this far.</summary>
    public bool IsEmpty => _ends == 0;

    /// <summary>The ends of every word in <paramref name="words"/> that begins at one of these positions.</summary>
    public BoilerplateLinePositions Then(params ReadOnlySpan<string> words)
    {
        ulong next = 0;
        foreach (int at in this)
        {
            foreach (string word in words)
            {
                if (BoilerplateWords.StartsWith(_line[at..], word))
                {
                    int end = at + word.Length - _origin;
                    if (end >= Reach)
                    {
                        throw new InvalidOperationException($"furniture rule word '{word}' ends {end} characters into its rule, beyond {Reach}");
                    }
                    next |= 1UL << end;
                }
            }
        }
        return new(_line, _origin, next);
    }

    /// <summary>These positions, and the ends of the words that may follow them (an optional group).</summary>
    public BoilerplateLinePositions Maybe(params ReadOnlySpan<string> words) => Or(Then(words));

    /// <summary>These positions, and one past each that holds "(" or "[" (captions and credits come bracketed).</summary>
    public BoilerplateLinePositions MaybeOpeningBracket() => Maybe("(", "[");

    /// <summary>The positions either way of reading reached.</summary>
    public BoilerplateLinePositions Or(BoilerplateLinePositions other) => new(_line, _origin, _ends | other._ends);

    public Enumerator GetEnumerator() => new(_origin, _ends);

    /// <summary>The positions in the line, first to last.</summary>
    public ref struct Enumerator(int origin, ulong ends)
    {
        private ulong _left = ends;

        public int Current { get; private set; }

        public bool MoveNext()
        {
            if (_left == 0)
            {
                return false;
            }
            int bit = System.Numerics.BitOperations.TrailingZeroCount(_left);
            _left &= _left - 1;
            Current = origin + bit;
            return true;
        }
    }
}
