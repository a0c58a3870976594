using System.Diagnostics;

namespace AuthKit;

/// <summary>A span per HTTP attempt: it sits inside the retry pipeline, so each retry gets its own.</summary>
internal sealed class HttpAttemptHandler(Redactor redactor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var activity = AuthKitTelemetry.ActivitySource.StartActivity("AuthKit HTTP attempt", ActivityKind.Client);
        if (activity is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // Method and path only: the query holds nothing secret, the headers hold the key.
        activity.SetTag("http.request.method", request.Method.Method);
        activity.SetTag("url.path", redactor.Clean(request.RequestUri?.AbsolutePath));
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            activity.SetTag("http.response.status_code", (int)response.StatusCode);
            if (!response.IsSuccessStatusCode)
            {
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag("error.type", ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return response;
        }
        catch (Exception ex)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", ex.GetType().FullName);
            throw;
        }
    }
}
