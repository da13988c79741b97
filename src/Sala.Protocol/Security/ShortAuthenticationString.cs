namespace Sala.Protocol.Security;

/// <summary>
/// Four words both users read to each other (as ZRTP's short authentication string, RFC 6189 §7): derived from
/// the call's keys and transcript, they match on both sides only when nobody sat in the middle of the key exchange.
/// 32 bits: a man in the middle who must guess them has one chance in four billion.
/// </summary>
public static class ShortAuthenticationString
{
    public const int Bytes = 4;

    // 256 short, common, distinct English words, one per byte value.
    private static readonly string[] Words =
    [
        "able", "acid", "aged", "also", "area", "army", "away", "baby", "back", "ball", "band", "bank", "base",
        "bath", "bear", "beat", "bell", "belt", "best", "bird", "blow", "blue", "boat", "body", "bone", "book",
        "boot", "born", "boss", "both", "bowl", "bulk", "burn", "bush", "busy", "cafe", "cage", "cake", "calm",
        "camp", "card", "care", "cart", "case", "cash", "cast", "cell", "chat", "chef", "chip", "city", "clay",
        "club", "coal", "coat", "code", "cold", "cook", "cool", "cope", "copy", "core", "corn", "cost", "crew",
        "crop", "cube", "cure", "dark", "data", "date", "dawn", "deal", "dear", "deck", "deep", "deer", "desk",
        "dial", "diet", "disk", "dock", "door", "dose", "down", "draw", "drop", "drum", "duck", "dust", "duty",
        "earn", "east", "easy", "echo", "edge", "face", "fact", "fair", "farm", "fast", "fear", "feel", "file",
        "film", "fire", "firm", "fish", "five", "flag", "flat", "flow", "foam", "fold", "folk", "food", "foot",
        "fork", "form", "fort", "four", "free", "frog", "fuel", "full", "fund", "gain", "game", "gate", "gift",
        "girl", "glad", "glow", "goal", "goat", "gold", "golf", "good", "gray", "grid", "grow", "hair", "half",
        "hall", "hand", "harp", "hawk", "head", "heat", "help", "herb", "hero", "high", "hill", "hint", "hold",
        "home", "hook", "hope", "horn", "host", "hour", "huge", "idea", "inch", "iron", "item", "jazz", "jump",
        "jury", "keen", "kite", "knee", "knot", "lake", "lamp", "land", "lane", "last", "lava", "lawn", "leaf",
        "left", "lens", "life", "lift", "lime", "line", "link", "lion", "list", "live", "load", "loan", "lock",
        "loft", "long", "loop", "luck", "lung", "mail", "main", "mark", "mask", "meal", "menu", "mild", "milk",
        "mill", "mind", "mint", "moon", "moss", "moth", "nail", "name", "navy", "neck", "nest", "news", "note",
        "oath", "okay", "open", "oval", "oven", "page", "pair", "palm", "park", "path", "peak", "pear", "pine",
        "pink", "pipe", "plan", "plum", "poem", "pond", "pool", "port", "post", "pure", "quiz", "race", "rail",
        "rain", "ramp", "rice", "ride", "ring", "road", "rock", "roof", "room",
    ];

    public static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Bytes)
            throw new ArgumentException($"A short authentication string is made of {Bytes} bytes.", nameof(bytes));
        return $"{Words[bytes[0]]} {Words[bytes[1]]} {Words[bytes[2]]} {Words[bytes[3]]}";
    }
}
