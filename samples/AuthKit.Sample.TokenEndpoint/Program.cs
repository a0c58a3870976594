using AuthKit;
using AuthKit.Sample.TokenEndpoint;
using AuthKit.Samples;
using AuthKit.Testing;

var builder = WebApplication.CreateBuilder(args);

// No key configured: tokens come from an in-process emulator (and the log says so), not from Pica.
var emulator = EmbeddedPica.StartIfNoKey(builder.Configuration);
if (emulator is not null)
{
    builder.Services.AddSingleton(emulator);
}

builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
builder.Services.AddProblemDetails();

var frontendOrigin = builder.Configuration["Cors:FrontendOrigin"];
builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
{
    if (!string.IsNullOrWhiteSpace(frontendOrigin))
    {
        // Credentials allowed: a real frontend identifies its user with a cookie, which needs them.
        policy.WithOrigins(frontendOrigin).WithMethods("POST").WithHeaders("Content-Type", TokenEndpoint.UserIdHeader).AllowCredentials();
    }
}));

var app = builder.Build();

if (emulator is not null)
{
    EmbeddedPica.LogWarning(app.Logger, emulator);
    app.Lifetime.ApplicationStopped.Register(emulator.Dispose);
}

app.UseExceptionHandler();
app.UseCors();
app.MapPost("/authkit-token", TokenEndpoint.CreateAsync);

app.Run();

/// <summary>The sample's entry point; public so that tests can start it with WebApplicationFactory.</summary>
public partial class Program;
