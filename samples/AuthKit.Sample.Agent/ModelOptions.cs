namespace AuthKit.Sample.Agent;

/// <summary>
/// An OpenAI-compatible chat model (configuration section <c>OpenAI</c>). Without <see cref="Model"/> the sample
/// plays its scripted model, offline. The key is read from configuration (e.g. the environment variable
/// <c>OpenAI__ApiKey</c>) and never printed.
/// </summary>
public sealed class ModelOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OpenAI";

    /// <summary>The model's name, e.g. <c>gpt-4.1-mini</c>, or a local server's model. Unset: the scripted model.</summary>
    public string? Model { get; set; }

    /// <summary>The API key. A local server that needs none (Ollama, LM Studio) takes any text.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The endpoint's base address, e.g. <c>http://localhost:11434/v1</c>; OpenAI's own unless set.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Whether a model is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model);

    /// <summary>Never the key: this object may end up in a log or a debugger's view.</summary>
    /// <returns>The model and the endpoint.</returns>
    public override string ToString() => $"{Model} at {Endpoint?.ToString() ?? "OpenAI"}";
}
