using System.ComponentModel.DataAnnotations;

namespace AuthKit.Sample.Worker;

/// <summary>The batch of identities to create tokens for (configuration section <c>TokenBatch</c>).</summary>
public sealed class TokenBatchOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "TokenBatch";

    /// <summary>The identities; when empty, <see cref="Count"/> identities <c>user_0001</c>, <c>user_0002</c>, … are generated.</summary>
    public string[] Identities { get; set; } = [];

    /// <summary>How many identities to generate when <see cref="Identities"/> is empty. Default 50.</summary>
    [Range(0, 1_000_000)]
    public int Count { get; set; } = 50;

    /// <summary>Tokens created at once. Default 8.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>The identity type of every identity. Default <see cref="AuthKit.IdentityType.User"/>.</summary>
    public IdentityType IdentityType { get; set; } = IdentityType.User;

    /// <summary>The identities of the batch: the configured ones, or generated ones.</summary>
    /// <returns>The identities in order.</returns>
    public IReadOnlyList<string> ResolveIdentities() =>
        Identities.Length > 0 ? Identities : [.. Enumerable.Range(1, Count).Select(i => $"user_{i:D4}")];
}
