using System.Collections.Concurrent;
using AuthKit.Tests.TestSupport;
using Bogus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Tests.Secrets;

/// <summary>
/// A failing Vault, token or passthrough call leaves no identity, connection key or query value in what
/// an operator sees: the exception (message, ToString, every property, the inner chain) and every log
/// line are scanned for the values the call put into its URL, as written, URL-encoded once and twice.
/// The stand-in fails the one call under test in each way a server or the network can: a redirect whose
/// Location echoes the query, an error status with Pica's error body, a connection reset.
/// </summary>
public sealed class UrlLeakTests
{
    private const string Secret = "sk_test_url_leak_0123456789abcdef";
    private const string ConnectionId = "9b2f6c1e-3a4d-4e5f-8a7b-0c1d2e3f4a5b";
    private const string ActionId = "conn_mod_def::F_JeJ_A_TKg::cc2kvVQQTiiIiLEDauy6zQ";

    public enum Call
    {
        List,
        Get,
        Patch,
        Delete,
        Token,
        Passthrough,
    }

    public enum Failure
    {
        Redirect,
        BadRequest,
        NotFound,
        ServerError,
        Reset,

        /// <summary>200 with a body over <see cref="AuthKitOptions.MaxResponseBytes"/>: refused by the SDK itself.</summary>
        Oversized,
    }

    public static TheoryData<ClientMode, Call, Failure> Cases()
    {
        var cases = new TheoryData<ClientMode, Call, Failure>();
        foreach (var mode in Enum.GetValues<ClientMode>())
        {
            foreach (var call in Enum.GetValues<Call>())
            {
                foreach (var failure in Enum.GetValues<Failure>())
                {
                    cases.Add(mode, call, failure);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task No_identity_connection_key_or_query_value_reaches_the_exception_or_the_logs(ClientMode mode, Call call, Failure failure)
    {
        var values = Values.For(call, failure);
        var key = $"test::gmail::default::{values.KeyId}|{values.Identity}";
        var row = $$"""{"id":"{{ConnectionId}}","key":"{{key}}","platform":"gmail","environment":"test","identity":"{{values.Identity}}","identityType":"user","tags":[],"active":true}""";
        var failing = call switch
        {
            Call.List => (HttpMethods.Get, "/v1/vault/connections"),
            Call.Get => (HttpMethods.Get, $"/v1/vault/connections/{ConnectionId}"),
            Call.Patch => (HttpMethods.Patch, $"/v1/vault/connections/{ConnectionId}"),
            Call.Delete => (HttpMethods.Delete, $"/v1/vault/connections/{ConnectionId}"),
            Call.Token => (HttpMethods.Post, "/v1/authkit"),
            _ => (HttpMethods.Get, "/v1/passthrough/messages"),
        };
        var failed = new ConcurrentQueue<string>();
        await using var pica = await KestrelStandIn.StartAsync(app => app.Run(async http =>
        {
            if (http.Request.Method == failing.Item1 && http.Request.Path == failing.Item2)
            {
                failed.Enqueue(http.Request.Path + http.Request.QueryString);
                await FailAsync(http, failure);
                return;
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(http.Request.Path.Value switch
            {
                "/v1/vault/connections" => $$"""{"rows":[{{row}}],"total":1,"pages":1,"page":1}""",
                "/v1/users/flags" => """{"authkitWhitelist":false}""",
                "/v1/authkit" => """{"rows":[],"total":0,"pages":1,"page":1,"requestId":1}""",
                _ => row,
            });
        }));
        var logs = new FakeLogCollector();
        void Configure(AuthKitOptions o)
        {
            o.SecretKey = Secret;
            o.BaseUrl = pica.Url;
            o.MaxRetries = 0;
            o.RetryDelay = TimeSpan.Zero;
            o.MaxResponseBytes = 4096;
        }

        // AddAuthKit's clients (with IHttpClientFactory's stack), or the standalone ones, every log level collected.
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        if (mode == ClientMode.DependencyInjection)
        {
            services.AddAuthKit(Configure);
        }

        await using var provider = services.BuildServiceProvider();
        var loggers = provider.GetRequiredService<ILoggerFactory>();
        var options = new AuthKitOptions();
        Configure(options);
        var connections = mode == ClientMode.DependencyInjection ? provider.GetRequiredService<IPicaConnections>() : new PicaConnections(options, loggers);
        var authKit = mode == ClientMode.DependencyInjection ? provider.GetRequiredService<IAuthKitToken>() : new AuthKitToken(options, loggers);
        var mine = connections.ForIdentity(values.Identity, IdentityType.User);

        var error = await Record.ExceptionAsync(async () =>
        {
            switch (call)
            {
                case Call.List:
                    await foreach (var _ in mine.ListAsync(new PicaConnectionQuery { Keys = [key], Tags = [values.Tag] }))
                    {
                    }

                    break;
                case Call.Get:
                    await mine.GetAsync(ConnectionId);
                    break;
                case Call.Patch:
                    await mine.UpdateTagsAsync(ConnectionId, [values.Tag]);
                    break;
                case Call.Delete:
                    await mine.DeleteAsync(ConnectionId);
                    break;
                case Call.Token:
                    await authKit.CreateAsync(new AuthKitTokenRequest { Identity = values.Identity, IdentityType = IdentityType.User });
                    break;
                default:
                    using (var http = await mine.CreatePassthroughClientAsync(key, ActionId))
                    using (var response = await http.GetAsync($"messages?q={Uri.EscapeDataString(values.Query)}&tag={Uri.EscapeDataString(values.Tag)}"))
                    {
                        Assert.Equal(failure switch
                        {
                            Failure.Redirect => 302,
                            Failure.BadRequest => 400,
                            Failure.NotFound => 404,
                            Failure.Oversized => 200,
                            _ => 500,
                        }, (int)response.StatusCode);
                    }

                    break;
            }
        });

        // The failure hit the call under test, and the call put the values into its URL.
        var target = Uri.UnescapeDataString(Assert.Single(failed));
        Assert.Contains(values.InUrl(call, key), target, StringComparison.Ordinal);

        // A passthrough answer, a redirect or an error status included, is the caller's to read, and a
        // Vault 404 of one connection means "none": those return; every other failure throws.
        var answered = (call == Call.Passthrough && failure != Failure.Reset)
            || (call is Call.Get or Call.Patch or Call.Delete && failure == Failure.NotFound);
        if (answered)
        {
            Assert.Null(error);
        }
        else if (call != Call.Passthrough)
        {
            Assert.IsAssignableFrom<AuthKitException>(error);
        }
        else
        {
            Assert.IsAssignableFrom<HttpRequestException>(error);
        }

        var findings = new List<string>();
        foreach (var (name, value) in values.Named(key))
        {
            var sweeper = new SecretSweeper(value);
            sweeper.Exception("exception", error);
            sweeper.Logs("client", logs.GetSnapshot());
            findings.AddRange(sweeper.Findings.Select(f => $"{name}: {f}"));
            foreach (var text in Texts(error).Concat(logs.GetSnapshot().SelectMany(Texts)))
            {
                foreach (var form in new[] { value, Uri.EscapeDataString(value), Uri.EscapeDataString(Uri.EscapeDataString(value)) })
                {
                    if (text.Contains(form, StringComparison.OrdinalIgnoreCase))
                    {
                        findings.Add($"{name} as '{form}' in: {text}");
                    }
                }
            }
        }

        Assert.Empty(findings);
    }

    private static async Task FailAsync(HttpContext http, Failure failure)
    {
        switch (failure)
        {
            case Failure.Redirect:
                // A hostile Location repeats the query: only its host may be named.
                http.Response.StatusCode = 302;
                http.Response.Headers.Location = $"https://elsewhere.example{http.Request.Path}{http.Request.QueryString}";
                return;
            case Failure.Reset:
                http.Abort();
                return;
            case Failure.Oversized:
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync($$"""{"padding":"{{new string('x', 8 * 1024)}}"}""");
                return;
            default:
                var status = failure switch { Failure.BadRequest => 400, Failure.NotFound => 404, _ => 500 };
                http.Response.StatusCode = status;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync($$$"""{"type":"error","code":{{{status}}},"status":{{{status}}},"key":"err_failed","message":"The request failed.","meta":{}}""");
                return;
        }
    }

    private static IEnumerable<string> Texts(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e.Message;
            yield return e.ToString();
            if (e is AuthKitApiException api)
            {
                yield return api.ResponseBody ?? string.Empty;
                yield return api.ErrorMessage ?? string.Empty;
            }
        }
    }

    private static IEnumerable<string> Texts(FakeLogRecord record)
    {
        yield return record.Message;
        yield return record.State?.ToString() ?? string.Empty;
        yield return record.Exception?.ToString() ?? string.Empty;
        foreach (var pair in record.StructuredState ?? [])
        {
            yield return pair.Value ?? string.Empty;
        }
    }

    /// <summary>
    /// Distinctive values, one set per case from a seeded generator: each holds characters that URL
    /// encoding changes ('@', ' ', '&amp;', '/'), so that the encoded forms differ from the plain one.
    /// </summary>
    private sealed record Values(string Identity, string KeyId, string Tag, string Query)
    {
        public static Values For(Call call, Failure failure) => new Faker<Values>()
            .UseSeed(2400 + ((int)call * 10) + (int)failure)
            .CustomInstantiator(f => new Values(
                $"user_{f.Random.String2(12, "abcdefghijkmnpqrstuvwxyz23456789")}@{f.Internet.DomainWord()}.example",
                f.Random.Hexadecimal(32, prefix: string.Empty).ToLowerInvariant(),
                $"tag {f.Random.String2(10, "ABCDEFGHJKLMNPQRSTUVWXYZ")}&/{f.Random.Number(1000, 9999)}",
                $"{f.Lorem.Word()} {f.Random.String2(12, "abcdefghijkmnpqrstuvwxyz")}&x=/{f.Random.Number(1000, 9999)}"))
            .Generate();

        /// <summary>The values to look for, by name; the connection key holds the identity as its suffix.</summary>
        public IEnumerable<(string Name, string Value)> Named(string key) =>
            [("identity", Identity), ("connection key", key), ("connection key id", KeyId), ("tag", Tag), ("query value", Query)];

        /// <summary>A value the call under test puts into its URL, to prove the URL held one.</summary>
        public string InUrl(Call call, string key) => call switch
        {
            Call.List => key,
            Call.Passthrough => Query,
            Call.Token => "/v1/authkit?",
            _ => ConnectionId,
        };
    }
}
