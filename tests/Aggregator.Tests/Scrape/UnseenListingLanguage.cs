using System.Globalization;

namespace Aggregator.Tests.Scrape;

/// <summary>
/// The words a listing page of <see cref="UnseenListingShapes"/> is written in: section names, headline words, the
/// few labels every news site prints ("Read more", "Load more", "Advertisement") and how it writes a date, in
/// English, German, Polish, Japanese and Arabic (right to left). Our own words, no page copied.
/// </summary>
internal sealed record UnseenListingLanguage(
    string Code,
    bool RightToLeft,
    string[] Sections,
    string[] SectionSlugs,
    string[] Words,
    string Joiner,
    string ReadMore,
    string LoadMore,
    string Advertisement,
    string Newsletter,
    string Subscribe,
    string MostRead,
    string TopStories,
    string Latest,
    string By,
    Func<DateTime, string> LongDate,
    Func<int, string> HoursAgo)
{
    public static readonly UnseenListingLanguage English = new(
        "en", false,
        ["World", "Politics", "Business", "Sport", "Culture", "Science", "Opinion", "Travel"],
        ["world", "politics", "business", "sport", "culture", "science", "opinion", "travel"],
        ["council", "budget", "river", "flood", "election", "strike", "rail", "hospital", "school", "harbour", "museum", "vote",
         "storm", "market", "court", "minister", "farmers", "bridge", "festival", "league", "energy", "prices", "tenants", "police"],
        " ", "Read more", "Load more", "Advertisement", "The morning briefing", "Sign up", "Most read", "Top stories", "Latest",
        "By", d => d.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture), h => $"{h} hours ago");

    public static readonly UnseenListingLanguage German = new(
        "de", false,
        ["Welt", "Politik", "Wirtschaft", "Sport", "Kultur", "Wissen", "Meinung", "Reise"],
        ["welt", "politik", "wirtschaft", "sport", "kultur", "wissen", "meinung", "reise"],
        ["Stadtrat", "Haushalt", "Hochwasser", "Wahl", "Streik", "Bahn", "Klinik", "Schule", "Hafen", "Museum", "Abstimmung", "Sturm",
         "Markt", "Gericht", "Ministerin", "Landwirte", "Brücke", "Festival", "Liga", "Energie", "Preise", "Mieter", "Polizei", "Gemeinde"],
        " ", "Weiterlesen", "Mehr laden", "Anzeige", "Der Morgen-Newsletter", "Abonnieren", "Meistgelesen", "Top-Themen", "Neueste",
        "Von", d => d.ToString("d. MMMM yyyy", CultureInfo.GetCultureInfo("de-DE")), h => $"vor {h} Stunden");

    public static readonly UnseenListingLanguage Polish = new(
        "pl", false,
        ["Świat", "Polityka", "Biznes", "Sport", "Kultura", "Nauka", "Opinie", "Podróże"],
        ["swiat", "polityka", "biznes", "sport", "kultura", "nauka", "opinie", "podroze"],
        ["rada", "budżet", "rzeka", "powódź", "wybory", "strajk", "kolej", "szpital", "szkoła", "port", "muzeum", "głosowanie",
         "burza", "rynek", "sąd", "ministra", "rolnicy", "most", "festiwal", "liga", "energia", "ceny", "lokatorzy", "policja"],
        " ", "Czytaj dalej", "Pokaż więcej", "Reklama", "Poranny newsletter", "Zapisz się", "Najczęściej czytane", "Najważniejsze", "Najnowsze",
        "Autor:", d => d.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("pl-PL")), h => $"{h} godziny temu");

    public static readonly UnseenListingLanguage Japanese = new(
        "ja", false,
        ["国際", "政治", "経済", "スポーツ", "文化", "科学", "社説", "旅行"],
        ["world", "politics", "business", "sports", "culture", "science", "editorial", "travel"],
        ["市議会", "予算", "河川", "洪水", "選挙", "ストライキ", "鉄道", "病院", "学校", "港", "美術館", "投票",
         "台風", "市場", "裁判所", "大臣", "農家", "橋", "祭り", "リーグ", "電力", "価格", "住民", "警察"],
        "の", "続きを読む", "もっと見る", "広告", "朝のニュースレター", "登録する", "よく読まれている記事", "主なニュース", "新着",
        "文：", d => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture), h => $"{h}時間前");

    public static readonly UnseenListingLanguage Arabic = new(
        "ar", true,
        ["العالم", "سياسة", "اقتصاد", "رياضة", "ثقافة", "علوم", "رأي", "سفر"],
        ["world", "politics", "economy", "sport", "culture", "science", "opinion", "travel"],
        ["المجلس", "الميزانية", "النهر", "الفيضان", "الانتخابات", "الإضراب", "القطار", "المستشفى", "المدرسة", "الميناء", "المتحف", "التصويت",
         "العاصفة", "السوق", "المحكمة", "الوزيرة", "المزارعون", "الجسر", "المهرجان", "الدوري", "الطاقة", "الأسعار", "السكان", "الشرطة"],
        " ", "اقرأ المزيد", "تحميل المزيد", "إعلان", "النشرة الصباحية", "اشترك", "الأكثر قراءة", "أهم الأخبار", "آخر الأخبار",
        "بقلم", d => d.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("ar-EG")), h => $"منذ {h} ساعات");

    public static readonly UnseenListingLanguage[] All = [English, German, Polish, Japanese, Arabic];

    /// <summary>Scripts without spaces between words (Japanese) name a story by a number in its address, not a slug.</summary>
    public bool SlugsFromWords => Code is "en" or "de" or "pl";

    public string Headline(Random random)
    {
        var words = Enumerable.Range(0, Code == "ja" ? 3 : 4 + random.Next(4)).Select(_ => Words[random.Next(Words.Length)]).ToList();
        var text = string.Join(Joiner, words);
        return Code == "ja" ? text + "　" + Words[random.Next(Words.Length)] + "で新方針" : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
    }

    public string Summary(Random random) =>
        string.Join(Code == "ja" ? "、" : " ", Enumerable.Range(0, 14 + random.Next(10)).Select(_ => Words[random.Next(Words.Length)]))
        + (Code == "ja" ? "。" : ".");
}
