using Aggregator.Store;

namespace Aggregator.Tests.Store;

/// <summary>Full-text outlets' furniture memory (<see cref="IFurnitureRows"/>), on every provider.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task Furniture_KeepsEachOutletsNewestPages_InTheirOrder_AcrossAReopen()
    {
        // Fingerprints use all 64 bits: the top one set must come back as it went in.
        var first = new FurniturePage("https://a.example/1", 1, [ulong.MaxValue, 0x8000_0000_0000_0001, 7]);
        var second = new FurniturePage("https://a.example/2", 2, [11, 13]);
        var third = new FurniturePage("https://a.example/3", 3, []);
        await Store.SaveFurnitureAsync("a", [first, second, third], 3, CancellationToken.None);
        await Store.SaveFurnitureAsync("b", [new FurniturePage("https://b.example/1", 1, [5])], 3, CancellationToken.None);
        // Page 2 fetched again: its row is replaced and it becomes the newest; page 4 pushes the oldest out.
        var again = new FurniturePage("https://a.example/2", 4, [17]);
        var fourth = new FurniturePage("https://a.example/4", 5, [19, 23]);
        await Store.SaveFurnitureAsync("a", [again, fourth], 3, CancellationToken.None);

        var reopened = Open();
        var stored = await reopened.GetFurnitureAsync("a", CancellationToken.None);

        Assert.Equal([third.PageKey, again.PageKey, fourth.PageKey], stored.Select(p => p.PageKey));
        Assert.Equal([3L, 4, 5], stored.Select(p => p.Sequence));
        Assert.Equal([[], [17UL], [19UL, 23]], stored.Select(p => p.Keys));
        Assert.Single(await reopened.GetFurnitureAsync("b", CancellationToken.None));
        Assert.Empty(await reopened.GetFurnitureAsync("never-polled", CancellationToken.None));
        var roundTrip = new FurniturePage("x", 0, FurniturePage.Unpack(first.Packed()));
        Assert.Equal(first.Keys, roundTrip.Keys);
    }

    [Fact]
    public async Task Furniture_OfOutletsNotNamed_IsDropped()
    {
        await Store.SaveFurnitureAsync("kept", [new FurniturePage("https://k.example/1", 1, [1]), new FurniturePage("https://k.example/2", 2, [1])], 64, CancellationToken.None);
        await Store.SaveFurnitureAsync("removed", [new FurniturePage("https://r.example/1", 1, [1]), new FurniturePage("https://r.example/2", 2, [3])], 64, CancellationToken.None);

        Assert.Equal(2, await Store.DropFurnitureExceptAsync(["kept", "never-polled"], CancellationToken.None));

        Assert.Equal(2, (await Store.GetFurnitureAsync("kept", CancellationToken.None)).Count);
        Assert.Empty(await Store.GetFurnitureAsync("removed", CancellationToken.None));
        Assert.Equal(0, await Store.DropFurnitureExceptAsync(["kept"], CancellationToken.None));
    }
}
