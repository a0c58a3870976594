namespace AuthKit.Testing;

/// <summary>What a <see cref="PicaFault"/> does to the request it hits.</summary>
public enum PicaFaultKind
{
    /// <summary>Answers with an error status (and a JSON error body), optionally with <c>Retry-After</c>.</summary>
    Status,

    /// <summary>Waits before answering normally: a slow attempt, e.g. to trip the client's attempt timeout.</summary>
    Delay,

    /// <summary>Answers 200 with <c>Content-Type: application/json</c> and an empty body.</summary>
    EmptyResponse,

    /// <summary>Answers 200 with <c>Content-Type: application/json</c> and a body that is not valid JSON.</summary>
    MalformedJson,
}
