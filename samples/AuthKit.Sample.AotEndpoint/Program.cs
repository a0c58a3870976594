using System.Text.Encodings.Web;
using AuthKit;
using Microsoft.AspNetCore.Authentication.JwtBearer;

// The AuthKit token endpoint in a Native AOT app. Configuration (appsettings.json or the environment):
//   AuthKit:SecretKey (AuthKit__SecretKey)            your Pica secret key; AuthKit:BaseUrl for another Pica
//   AuthKit:Endpoint:AllowedOrigins                   the AuthKit iframe's origin, by default the platform's (https://authkit.picaos.com or https://auth.withone.ai)
//   Authentication:Schemes:Bearer                      your identity provider (Authority, ValidAudiences, …)
var builder = WebApplication.CreateSlimBuilder(args);

builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
builder.Services.AddAuthKitEndpoint(builder.Configuration.GetSection(AuthKitEndpointOptions.SectionName));
builder.Services.AddProblemDetails();
// AddProblemDetails writes the problem answers with the app's JSON options: this encoder leaves U+0020 and '-'
// as written, where the default prints U\u002B0020 and \u0027-\u0027 (these bodies are JSON, never HTML).
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

// JWT bearer reads its settings from Authentication:Schemes:Bearer; the token's `sub` is the AuthKit identity.
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
builder.Services.AddAuthorization();

var app = builder.Build();

app.MapAuthKitToken().RequireAuthorization();

app.Run();

/// <summary>The sample's entry point; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
