using System.Text.Encodings.Web;
using AuthKit;
using AuthKit.Sample.TokenEndpoint;
using AuthKit.Samples;
using Microsoft.AspNetCore.Authentication.JwtBearer;

var builder = WebApplication.CreateBuilder(args);

// No key configured: tokens come from an in-process emulator (and the log says so), not from Pica.
var emulator = EmbeddedPica.StartIfNoKey(builder.Configuration);
if (emulator is not null)
{
    builder.Services.AddSingleton(emulator);
}

// The SDK (AuthKit:SecretKey, AuthKit:BaseUrl, …) and the token endpoint (AuthKit:Endpoint:AllowedOrigins, …).
builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
builder.Services.AddAuthKitEndpoint(builder.Configuration.GetSection(AuthKitEndpointOptions.SectionName));
builder.Services.AddProblemDetails();
// AddProblemDetails writes the problem answers with the app's JSON options: this encoder leaves U+0020 and '-'
// as written, where the default prints U\u002B0020 and \u0027-\u0027 (these bodies are JSON, never HTML).
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

// The MCP server of /mcp: each signed-in user's connections and actions as agent tools (read only by default).
builder.Services.AddAuthKitMcp();

// GET /healthz: does Pica accept the key? One call to Pica per 30 s, whatever the number of probes.
builder.Services.AddHealthChecks().AddAuthKit();

// Who the user is: a JWT from your identity provider, configured under Authentication:Schemes:Bearer
// (Authority, ValidAudiences, …). The token's subject is the AuthKit identity.
var authentication = builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
if (builder.Environment.IsDevelopment())
{
    // For the README's curl: X-Dev-User: user_123 signs in user_123. Development only.
    DevelopmentSignIn.Add(authentication);
}

builder.Services.AddAuthorization();

var app = builder.Build();

if (emulator is not null)
{
    EmbeddedPica.LogWarning(app.Logger, emulator);
    app.Lifetime.ApplicationStopped.Register(emulator.Dispose);
}

if (app.Environment.IsDevelopment())
{
    app.Logger.LogWarning("Development sign-in is on: the {Header} header signs in any user. It does not exist outside the Development environment.", DevelopmentSignIn.Header);
}

app.UseExceptionHandler();

// POST /authkit-token (and its CORS preflight) for Pica's AuthKit iframe, for signed-in users only.
app.MapAuthKitToken().RequireAuthorization();
app.MapHealthChecks("/healthz");

// The signed-in user's connections, for this app's own pages: GET lists them, DELETE /{id} removes one of theirs.
app.MapAuthKitConnections().RequireAuthorization();

// MCP (Streamable HTTP) for any MCP client: the signed-in user's six AuthKit tools, signed in as above.
app.MapAuthKitMcp("/mcp").RequireAuthorization();

app.Run();

/// <summary>The sample's entry point; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
