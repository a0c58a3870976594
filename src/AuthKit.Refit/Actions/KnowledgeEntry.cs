namespace AuthKit;

/// <summary>One action's knowledge as read, with its validator and the time it may be used until without asking.</summary>
internal sealed record KnowledgeEntry(string Account, string Id, PicaActionKnowledge Knowledge, string? ETag, long Size, DateTimeOffset FreshUntil);
