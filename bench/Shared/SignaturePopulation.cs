using Aggregator.Dedup;

namespace Aggregator.Bench.Shared;

/// <summary>
/// A near-duplicate index filled with <c>count</c> stored articles, and lookups against it. Stored
/// signatures are random 64-bit values: SimHashes of distinct texts are spread like that, and hashing
/// a million generated texts would cost minutes for no change in the lookup's work. Half the queries
/// are a stored article edited slightly (a few bits flipped, a hit), half a new story (a miss).
/// </summary>
public sealed class SignaturePopulation : IDisposable
{
    private SignaturePopulation(NearDuplicateIndex index, NearDuplicateSignature[] queries)
    {
        Index = index;
        Queries = queries;
    }

    public NearDuplicateIndex Index { get; }

    public IReadOnlyList<NearDuplicateSignature> Queries { get; }

    public static SignaturePopulation Build(int count, int queries = 1024, int seed = 20261123)
    {
        var random = new Random(seed);
        var stored = new KeyValuePair<long, NearDuplicateSignature>[count];
        for (var i = 0; i < count; i++)
        {
            stored[i] = new(i + 1, Random(random));
        }
        var index = new NearDuplicateIndex();
        index.Load(stored);
        var asked = new NearDuplicateSignature[queries];
        for (var i = 0; i < queries; i++)
        {
            if (i % 2 == 0)
            {
                var copy = stored[random.Next(count)].Value;
                asked[i] = copy with { Text = Flip(copy.Text, random, 2), Lead = copy.Lead == 0 ? 0 : Flip(copy.Lead, random, 1), Title = 0 };
            }
            else
            {
                asked[i] = Random(random);
            }
        }
        return new SignaturePopulation(index, asked);
    }

    public void Dispose() => Index.Dispose();

    private static NearDuplicateSignature Random(Random random)
    {
        var text = (ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63);
        // Teasers shorter than the lead window and short titles carry no Lead or Title part.
        var lead = random.Next(10) < 8 ? (ulong)random.NextInt64() | 1 : 0;
        var title = random.Next(2) == 0 ? (ulong)random.NextInt64() | 1 : 0;
        return new NearDuplicateSignature(text | 1, lead, title);
    }

    private static ulong Flip(ulong value, Random random, int bits)
    {
        for (var i = 0; i < bits; i++)
        {
            value ^= 1UL << random.Next(64);
        }
        return value;
    }
}
