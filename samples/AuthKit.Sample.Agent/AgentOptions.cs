using System.ComponentModel.DataAnnotations;

namespace AuthKit.Sample.Agent;

/// <summary>Whose tools the agent gets, what it is asked and what it may do (configuration section <c>Agent</c>).</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Agent";

    /// <summary>The user whose connections the tools use. Default <c>user_123</c>, the Quickstart's.</summary>
    [Required]
    public string Identity { get; set; } = "user_123";

    /// <summary>The user's message. The scripted model reads the Gmail message id from it.</summary>
    [Required]
    [StringLength(4000)]
    public string Prompt { get; set; } = "What does my Gmail message 18c2f0a1b2c3d4e5 say?";

    /// <summary>What the tools may execute: <c>Read</c> (the default), <c>Write</c> or <c>Admin</c>.</summary>
    [EnumDataType(typeof(PicaToolPermissions))]
    public PicaToolPermissions Permissions { get; set; } = PicaToolPermissions.Read;

    /// <summary>After the chat, prints the embedded emulator's request log: what the tools sent, and for whom.</summary>
    public bool ShowRequests { get; set; }
}
